/**
 * Load test of the NCS receiver on loopback, bounded in time:
 *   1. a bare node:http server that answers 200 from its read callback,
 *   2. the same answering after the event-loop turn, batched as the receiver does
 *      (the ceiling on this machine is the faster of 1 and 2),
 *   3. createNcsNodeHandler with the in-memory store,
 *   4. Fastify 5 with createNcsFastifyPlugin and the in-memory store,
 *   5. createNcsNodeHandler with the Redis store, one script call per delivery
 *      (maxBatch 1: the store before batching), then batched per event-loop turn
 *      and bucket (the default), then batched on a 3-primary Redis Cluster
 *      (all three skipped when BENCH_REDIS=0, the cluster alone with BENCH_CLUSTER=0),
 * each hit for BENCH_SECONDS (default 10, split into BENCH_ROUNDS = 5 interleaved
 * rounds so a busy neighbour slows all alike) by autocannon with distinct signed
 * bodies (per-user join / role / leave sequences, delivered out of order).
 * Afterwards every delivery that got no answer is re-sent (as NCS would retry)
 * and the presence must equal the expected final state: nothing lost, nothing doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startCluster, type TestCluster } from '../test/helpers/redis-cluster';
import { startRedis, type TestRedis } from '../test/helpers/redis-server';
import { buildWorkload, expectedState, type Delivery } from './workload';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

// autocannon ships no types; it is a root devDependency.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const TSX_CLI = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const SECRET = 'bench-secret';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '10');
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? '64');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '5');
const CHANNELS = 8;

function startChild(
  script: string,
  env: Record<string, string> = {},
): Promise<{ port: number; child: ChildProcess; cpu: () => Promise<number> }> {
  const child = spawn(
    process.execPath,
    [TSX_CLI, '--conditions=@audience-presence/source', script],
    {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: { PATH: process.env['PATH'] ?? '', NCS_SECRET: SECRET, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  // bench/cpu-probe.ts answers "cpu" on stdin with the server's CPU time in µs.
  let waiting: ((us: number) => void)[] = [];
  const cpu = (): Promise<number> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin?.write('cpu\n');
    });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (const match of text.matchAll(/cpu (\d+)/g)) {
        const [first, ...rest] = waiting;
        waiting = rest;
        first?.(Number(match[1]));
      }
      const match = /listening (\d+)/.exec(text);
      if (match) resolve({ port: Number(match[1]), child, cpu });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${String(code)}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** What one server received over all its rounds. */
interface RunOutcome {
  /** how many requests were prepared (the workload cycles when they run out) */
  dispatched: number;
  /** noticeIds answered 200 at least once */
  readonly answered: Set<string>;
  readonly statuses: Map<string, number>;
  requests: number;
  p99: number;
  /** server CPU time (user + system) spent during the rounds, µs */
  cpuUs: number;
}

function newOutcome(): RunOutcome {
  return {
    dispatched: 0,
    answered: new Set(),
    statuses: new Map(),
    requests: 0,
    p99: 0,
    cpuUs: 0,
  };
}

/** One autocannon round of `seconds` against a server, continuing its workload. */
async function load(
  port: number,
  workload: readonly Delivery[],
  run: RunOutcome,
  seconds: number,
): Promise<void> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/ncs',
        setupRequest(request: AutocannonRequest) {
          // Cycles when the workload runs out: the extra rounds are NCS-style duplicates.
          const delivery = workload[run.dispatched++ % workload.length] as Delivery;
          return {
            ...request,
            body: delivery.body,
            headers: {
              'content-type': 'application/json',
              'agora-signature-v2': delivery.signature,
            },
          };
        },
        // autocannon prepares a connection's next request before this runs, so
        // the answer is matched by the noticeId it echoes, not by a context slot.
        onResponse(status: number, body: string) {
          let key = String(status);
          if (status === 200) {
            try {
              const receipt = JSON.parse(body) as { status?: string; noticeId?: string };
              key = receipt.status ?? key;
              if (receipt.noticeId) run.answered.add(receipt.noticeId);
            } catch {
              // not JSON: counted under its HTTP status
            }
          }
          run.statuses.set(key, (run.statuses.get(key) ?? 0) + 1);
        },
      },
    ],
  });
  run.requests += result.requests.total;
  run.p99 = Math.max(run.p99, result.latency.p99);
}

/** Re-sends what got no answer (NCS retries), then checks the final presence. */
async function verify(
  port: number,
  workload: readonly Delivery[],
  run: RunOutcome,
): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const prepared = workload.slice(0, Math.min(run.dispatched, workload.length));
  // Everything prepared but never answered (in flight at the end) is re-sent, as NCS retries.
  for (const d of prepared) {
    if (run.answered.has(noticeIdOf(d))) continue;
    const res = await fetch(`${base}/ncs`, {
      method: 'POST',
      body: d.body,
      headers: { 'content-type': 'application/json', 'agora-signature-v2': d.signature },
    });
    const status = ((await res.json()) as { status?: string }).status ?? String(res.status);
    run.statuses.set(status, (run.statuses.get(status) ?? 0) + 1);
  }
  const delivered = prepared;
  const expected = expectedState(delivered);
  const problems: string[] = [];
  for (let c = 0; c < CHANNELS; c += 1) {
    const channelName = `bench-${c}`;
    const res = await fetch(`${base}/presence?channel=${channelName}`);
    const presence = (await res.json()) as {
      hosts: { uid: number }[];
      audience: { uid: number }[];
    };
    const actual = new Map<number, string>();
    for (const m of presence.hosts) actual.set(m.uid, 'host');
    for (const m of presence.audience) {
      if (actual.has(m.uid)) problems.push(`${channelName}: uid ${m.uid} listed twice`);
      actual.set(m.uid, 'audience');
    }
    const want = expected.get(channelName) ?? new Map();
    if (actual.size !== presence.hosts.length + presence.audience.length)
      problems.push(`${channelName}: duplicates`);
    if (actual.size !== want.size)
      problems.push(`${channelName}: ${actual.size} online, expected ${want.size}`);
    for (const [uid, role] of want)
      if (actual.get(uid) !== role) problems.push(`${channelName}: uid ${uid} should be ${role}`);
  }
  const distinct = delivered.length;
  const stats = (await (await fetch(`${base}/stats`)).json()) as Record<
    'applied' | 'stale' | 'duplicate',
    number
  >;
  // Each distinct notice must have been stored exactly once, however often it was sent.
  if (stats.applied + stats.stale !== distinct) {
    problems.push(`${stats.applied + stats.stale} notices stored, expected ${distinct}`);
  }
  const other = [...run.statuses.keys()].filter(
    (k) => !['applied', 'stale', 'duplicate'].includes(k),
  );
  if (other.length > 0) problems.push(`unexpected answers: ${other.join(', ')}`);
  if (process.env['BENCH_DEBUG'])
    console.log({
      dispatched: run.dispatched,
      answered: run.answered.size,
      statuses: run.statuses,
      stats,
      distinct,
    });
  if (problems.length > 0)
    throw new Error(`final state is wrong:\n${problems.slice(0, 20).join('\n')}`);
  const online = [...expected.values()].reduce((n, m) => n + m.size, 0);
  return `ok: ${distinct} distinct notices stored once each (${stats.duplicate} duplicate deliveries dropped, ${stats.stale} stale), ${online} online as expected`;
}

function noticeIdOf(d: Delivery): string {
  return `${d.channelName}:${d.uid}:${d.seq}`;
}

/** CPU seconds (user + sys) the redis-server on `port` has used, from INFO cpu. */
async function redisCpuUs(ports: readonly number[]): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
    await client.connect();
    const info = await client.info('cpu');
    client.disconnect();
    const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    total += (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
  }
  return total;
}

interface Target {
  readonly name: string;
  /** redis-server ports whose CPU this target's load costs */
  readonly redisPorts: readonly number[];
  redisCpuUs: number;
  readonly port: number;
  readonly child: ChildProcess;
  readonly cpu: () => Promise<number>;
  readonly verified: boolean;
  readonly run: RunOutcome;
}

async function main(): Promise<void> {
  const started = Date.now();
  const workload = buildWorkload(Number(process.env['BENCH_USERS'] ?? '120000'), CHANNELS, SECRET);
  console.log(
    `workload: ${workload.length} signed deliveries, ${CONNECTIONS} connections, ` +
      `${SECONDS} s per server in ${ROUNDS} interleaved rounds\n`,
  );
  let redis: TestRedis | undefined;
  let cluster: TestCluster | undefined;
  const targets: Target[] = [];
  const add = async (
    name: string,
    script: string,
    verified: boolean,
    env: Record<string, string> = {},
    redisPorts: readonly number[] = [],
  ) => {
    const { port, child, cpu } = await startChild(script, env);
    targets.push({
      name,
      port,
      child,
      cpu,
      verified,
      run: newOutcome(),
      redisPorts,
      redisCpuUs: 0,
    });
  };
  try {
    await add('bare node:http (200 only)', 'bare-server.ts', false);
    await add('bare node:http, answers batched per turn', 'bare-server.ts', false, {
      BARE_BATCH: '1',
    });
    await add('ncs receiver, memory store', 'ncs-server.ts', true);
    await add('ncs Fastify plugin, memory store', 'fastify-server.ts', true);
    await add('ncs receiver, memory store, stats off', 'ncs-server.ts', true, { STATS: '0' });
    if (process.env['BENCH_REDIS'] !== '0') {
      redis = await startRedis();
      await add(
        'ncs receiver, redis store, one call per delivery (before)',
        'ncs-server.ts',
        true,
        {
          REDIS_URL: redis.url,
          REDIS_MAX_BATCH: '1',
          KEY_PREFIX: 'single:',
        },
        [redis.port],
      );
      await add(
        'ncs receiver, redis store, batched per turn',
        'ncs-server.ts',
        true,
        {
          REDIS_URL: redis.url,
          KEY_PREFIX: 'batched:',
        },
        [redis.port],
      );
      await add(
        'ncs receiver, redis store, batched per turn, stats off',
        'ncs-server.ts',
        true,
        { REDIS_URL: redis.url, KEY_PREFIX: 'nostats:', STATS: '0' },
        [redis.port],
      );
      if (process.env['BENCH_CLUSTER'] !== '0') {
        cluster = await startCluster(3);
        await add(
          'ncs receiver, redis cluster (3 primaries), batched',
          'ncs-server.ts',
          true,
          {
            REDIS_CLUSTER_NODES: cluster.nodes,
          },
          cluster.ports,
        );
      }
    }
    // Interleaved rounds: a busy neighbour on this machine slows every server alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const t of targets) {
        const before = await t.cpu();
        const redisBefore = t.redisPorts.length > 0 ? await redisCpuUs(t.redisPorts) : 0;
        await load(t.port, workload, t.run, SECONDS / ROUNDS);
        t.run.cpuUs += (await t.cpu()) - before;
        if (t.redisPorts.length > 0) t.redisCpuUs += (await redisCpuUs(t.redisPorts)) - redisBefore;
      }
    }
    const rows: {
      name: string;
      rps: number;
      p99: number;
      cpu: number;
      redisCpu: number | undefined;
      check: string;
    }[] = [];
    for (const t of targets) {
      const check = t.verified ? await verify(t.port, workload, t.run) : 'ceiling';
      rows.push({
        name: t.name,
        rps: t.run.requests / SECONDS,
        p99: t.run.p99,
        cpu: t.run.cpuUs / t.run.requests,
        redisCpu: t.redisPorts.length > 0 ? t.redisCpuUs / t.run.requests : undefined,
        check,
      });
    }
    // The ceiling is the faster of the two bare servers, whichever way it answers.
    const bare = rows.filter((row) => row.check === 'ceiling');
    const ceiling = Math.max(...bare.map((row) => row.rps));
    console.log(
      '| server | req/s | p99 ms | ratio vs ceiling | server CPU µs/req | redis CPU µs/req (all shards) |',
    );
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      console.log(
        `| ${row.name} | ${Math.round(row.rps)} | ${row.p99} | ${(row.rps / ceiling).toFixed(2)} | ${row.cpu.toFixed(0)} | ${row.redisCpu === undefined ? '-' : row.redisCpu.toFixed(0)} |`,
      );
    }
    console.log('');
    for (const row of rows.slice(bare.length)) console.log(`${row.name}: ${row.check}`);
    const memoryRatio = (rows[bare.length]?.rps ?? 0) / ceiling;
    const fastifyRatio = (rows[bare.length + 1]?.rps ?? 0) / ceiling;
    const verdict = (ratio: number) =>
      `${(ratio * 100).toFixed(0)}% of the bare ceiling (goal: >= 50%: ${ratio >= 0.5 ? 'met' : 'NOT met'})`;
    console.log(`\nmemory store (node handler) at ${verdict(memoryRatio)}`);
    console.log(`Fastify plugin, memory store at ${verdict(fastifyRatio)}`);
    const before = rows.find((row) => row.name.includes('one call per delivery'));
    const after = rows.find((row) => row.name.includes('redis store, batched'));
    if (before && after) {
      console.log(
        `redis store, batched at ${verdict(after.rps / ceiling)}; ` +
          `server CPU per delivery ${before.cpu.toFixed(0)} µs before -> ${after.cpu.toFixed(0)} µs after ` +
          `(${(before.cpu / after.cpu).toFixed(2)}x less)`,
      );
    }
    // Audience stats (store.stats): their cost per delivery, on vs off in this same run.
    const statsCost = (on: string, off: string) => {
      const a = rows.find((row) => row.name === on);
      const b = rows.find((row) => row.name === off);
      if (!a || !b) return;
      const redisPart =
        a.redisCpu === undefined || b.redisCpu === undefined
          ? ''
          : `, redis ${b.redisCpu.toFixed(0)} -> ${a.redisCpu.toFixed(0)} µs (+${(a.redisCpu - b.redisCpu).toFixed(0)})`;
      console.log(
        `stats cost, ${on.replace('ncs receiver, ', '')}: server CPU per delivery ` +
          `${b.cpu.toFixed(0)} µs off -> ${a.cpu.toFixed(0)} µs on (+${(a.cpu - b.cpu).toFixed(0)} µs, ` +
          `${(a.cpu / b.cpu).toFixed(2)}x)${redisPart}; req/s ratio on/off ${(a.rps / b.rps).toFixed(2)}`,
      );
    };
    statsCost('ncs receiver, memory store', 'ncs receiver, memory store, stats off');
    statsCost(
      'ncs receiver, redis store, batched per turn',
      'ncs receiver, redis store, batched per turn, stats off',
    );
    console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await Promise.all(targets.map((t) => stopChild(t.child)));
    await redis?.stop();
    await cluster?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
