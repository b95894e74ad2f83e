import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signNcsBody } from '@audience-presence/ncs';
import { freePort } from '../../../../packages/ncs/test/helpers/redis-server';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
// tsx's loader in this node process, not its CLI: the CLI runs the server in a
// second process, and the tests read the server's own pid (RSS, limits).
const TSX_LOADER = new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** A server child process started as README says (tsx + source condition), in one node process. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** the server's process id (prlimit execs node, so the same process) */
  readonly pid: number;
  /** everything it printed so far */
  output(): string;
  stop(): Promise<number | null>;
}

/** How to start the server process. */
export interface StartOptions {
  /** the entry file, relative to apps/server (default src/main.ts) */
  readonly entry?: string;
  /** soft and hard limit on open files for the server process (`prlimit --nofile`) */
  readonly nofile?: number;
  /**
   * a production build's entry (`pnpm build` output), run by plain node: no tsx
   * loader and no source condition, as `start:prod` runs it
   */
  readonly built?: string;
}

/** The command that runs `entry` with tsx and the source condition, optionally under prlimit. */
function command(options: StartOptions): [string, string[]] {
  const entry = options.entry ?? 'src/main.ts';
  const node =
    options.built !== undefined
      ? ['--enable-source-maps', options.built]
      : ['--conditions=@audience-presence/source', '--import', TSX_LOADER, entry];
  if (options.nofile === undefined) return [process.execPath, node];
  return ['prlimit', [`--nofile=${options.nofile}:${options.nofile}`, process.execPath, ...node]];
}

/** Spawns `node --conditions=@audience-presence/source --import tsx src/main.ts` and waits for "listening". */
export async function startServer(
  env: Record<string, string>,
  port?: number,
  options: StartOptions = {},
): Promise<RunningServer> {
  const listenPort = port ?? (await freePort());
  const [file, args] = command(options);
  const child: ChildProcess = spawn(file, args, {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOST: '127.0.0.1',
      PORT: String(listenPort),
      // feed tests count exact event sequences: the periodic stats event is opt-in here
      STATS_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const check = (): void => {
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${listenPort}`,
    port: listenPort,
    pid: child.pid as number,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the server expecting it to exit; resolves with its exit code and output. */
export function runToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const [file, args] = command({});
    const child = spawn(file, args, {
      cwd: SERVER_DIR,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

let notice = 0;

/** An NCS RTC notice body. */
export function ncsBody(
  eventType: number,
  payload: Record<string, unknown>,
  noticeId?: string,
): string {
  notice += 1;
  return JSON.stringify({
    noticeId: noticeId ?? `${process.pid}-${notice}`,
    productId: 1,
    eventType,
    notifyMs: Date.now(),
    payload: { channelName: 'live', ts: 1_700_000_000, platform: 7, ...payload },
  });
}

/** POSTs a body to /ncs signed with `secret`. */
export async function deliver(baseUrl: string, body: string, secret: string): Promise<Response> {
  return fetch(`${baseUrl}/ncs`, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'agora-signature-v2': signNcsBody(body, secret),
    },
  });
}

/** One parsed Server-Sent Event. */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: unknown;
}

/** A test reader of an SSE endpoint over fetch (Node 20 has no EventSource). */
export interface FeedReader {
  readonly messages: SseMessage[];
  /** resolves once `count` messages have arrived */
  waitFor(count: number, timeoutMs?: number): Promise<SseMessage[]>;
  close(): void;
}

/** Opens an SSE stream; `headers` may carry Last-Event-ID or Authorization. */
export async function openFeed(
  url: string,
  headers: Record<string, string> = {},
): Promise<FeedReader> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`feed answered ${response.status}`);
  const messages: SseMessage[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        // search only the new text (and one char before it) for the frame end
        let from = Math.max(0, buffer.length - 1);
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n', from)) >= 0) {
          from = 0;
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (!fields.has('data')) continue;
          messages.push({
            id: fields.get('id'),
            event: fields.get('event') ?? 'message',
            data: JSON.parse(fields.get('data') ?? ''),
          });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    messages,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} SSE messages, got ${messages.length}: ${JSON.stringify(messages)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages.slice(0, count);
    },
    close: () => controller.abort(),
  };
}
