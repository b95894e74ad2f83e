import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../../../packages/ncs/test/helpers/redis-server';

/** A redis-server this test owns, with signals (kill -9, SIGSTOP) as the fault injection. */
export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL and wait for the exit: everything not persisted is gone */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts redis-server on 127.0.0.1 (persistence off unless `args` says otherwise) and waits for PING. */
export async function spawnRedis(
  options: { port?: number; args?: readonly string[] } = {},
): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    '/usr/bin/redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      ...(options.args ?? []),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch (error) {
      probe.disconnect();
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on ${port}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    url,
    signal: (signal) => void child.kill(signal),
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
