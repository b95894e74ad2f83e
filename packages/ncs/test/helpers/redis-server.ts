import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

const REDIS_SERVER = '/usr/bin/redis-server';

/** A throwaway redis-server on 127.0.0.1, owned by one test file. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Sends a signal: SIGSTOP stalls it (connections stay open, nothing answers), SIGCONT resumes. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void;
  /** Kills it with SIGKILL (a crash: no shutdown save) and waits for the exit. */
  kill(): Promise<void>;
  /** Stops it (SIGTERM, then waits for exit). */
  stop(): Promise<void>;
}

/** A port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `redis-server` with persistence off (or, with `dir`, append-only
 * persistence in that directory, for restart tests). Fails loudly, never
 * skips, when Redis is not installed.
 */
export async function startRedis(
  options: { dir?: string; port?: number } = {},
): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} not found: these tests need a real Redis. Run \`apt-get install -y redis-server\`.`,
    );
  }
  const port = options.port ?? (await freePort());
  const persistence = options.dir
    ? ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', ...persistence],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {}); // startup refusals are expected while it boots
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      probe.disconnect();
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    port,
    url,
    signal(signal) {
      if (alive()) child.kill(signal);
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      // a stopped process would not handle SIGTERM
      if (alive()) child.kill('SIGCONT');
      if (alive()) child.kill('SIGTERM');
      await exited;
    },
  };
}
