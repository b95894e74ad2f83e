import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** Resident memory of a process, bytes (Linux /proc/<pid>/status VmRSS). */
export function rssBytes(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]) * 1024;
}

/** A raw TCP client: what it received so far, and when the server closed it. */
export interface RawClient {
  readonly socket: Socket;
  received(): string;
  /** resolves with ms since connect when the server ends or resets the connection */
  readonly closed: Promise<number>;
}

/** Connects to 127.0.0.1:port; `paused` never reads (a slow reader: the server's writes back up). */
export function rawClient(port: number, options: { paused?: boolean } = {}): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let text = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<number>((done) =>
      socket.once('close', () => done(Date.now() - started)),
    );
    socket.on('error', () => {}); // a reset is one of the outcomes under test
    socket.once('connect', () => {
      if (options.paused) socket.pause();
      else socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      resolve({ socket, received: () => text, closed });
    });
    socket.once('error', reject);
  });
}

/** Resolves once `check()` is true; fails after `timeoutMs` with `what`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
