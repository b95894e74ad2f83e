import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, type Redis } from 'ioredis';
import { freePort } from './redis-server';

const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
const run = promisify(execFile);

/** A throwaway Redis Cluster of primaries on 127.0.0.1, owned by one test file. */
export interface TestCluster {
  readonly ports: readonly number[];
  /** `127.0.0.1:P1,127.0.0.1:P2,...`, the form of REDIS_CLUSTER_NODES */
  readonly nodes: string;
  /** A Cluster client the caller owns (auto-pipelining on, as the server runs it). */
  client(): Cluster;
  /** Stops node `index` (SIGTERM, or SIGKILL for a crash) and waits for the exit. */
  stopNode(index: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts node `index` again with its nodes.conf (same id and slots, data lost) and waits for cluster_state:ok. */
  startNode(index: number): Promise<void>;
  /** Stops every node and removes the files. */
  stop(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function info(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run(REDIS_CLI, ['-p', String(port), ...args]);
  return stdout;
}

/**
 * Spawns `size` `redis-server --cluster-enabled yes` on free loopback ports
 * (persistence off), joins them with `redis-cli --cluster create` (no
 * replicas) and waits for cluster_state:ok on every node.
 */
export async function startCluster(size = 3): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ap-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < size; i += 1) ports.push(await freePort());
  const children: (ChildProcess | null)[] = ports.map(() => null);
  const exits: Promise<void>[] = ports.map(() => Promise.resolve());

  const spawnNode = async (index: number): Promise<void> => {
    const port = ports[index] ?? 0;
    const child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--cluster-node-timeout',
        '2000',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    children[index] = child;
    exits[index] = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(`redis-server :${port} did not start`, async () =>
      (await info(port, 'ping')).includes('PONG'),
    );
  };
  const clusterOk = (): Promise<void> =>
    waitFor('the cluster did not reach cluster_state:ok', async () => {
      for (const port of ports) {
        if (!(await info(port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
      }
      return true;
    });
  const stopNode = async (index: number, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const child = children[index];
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exits[index];
    children[index] = null;
  };

  try {
    await Promise.all(ports.map((_, i) => spawnNode(i)));
    await run(REDIS_CLI, [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await clusterOk();
  } catch (error) {
    await Promise.all(ports.map((_, i) => stopNode(i, 'SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const clients: (Cluster | Redis)[] = [];
  return {
    ports,
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    client() {
      const cluster = new Cluster(
        ports.map((port) => ({ host: '127.0.0.1', port })),
        { enableAutoPipelining: true },
      );
      cluster.on('error', () => {}); // node restarts are part of the tests
      clients.push(cluster);
      return cluster;
    },
    stopNode,
    async startNode(index) {
      await spawnNode(index);
      await clusterOk();
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await Promise.all(ports.map((_, i) => stopNode(i)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
