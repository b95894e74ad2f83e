/**
 * Where the Redis path's time goes: runs bench/ncs-server.ts on a Redis store
 * under `node --cpu-prof`, drives it with autocannon like ncs-bench.ts, and
 * prints, per delivery, the Redis commands (INFO commandstats: calls and µs of
 * Redis CPU per command) and the server's hottest functions by self time.
 *
 *   pnpm --filter @audience-presence/ncs bench:profile      (PROFILE_SECONDS=10, STATS=0|1, REDIS_MAX_BATCH,
 *                                                             PROFILE_STORE=memory: the memory store, no Redis)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startRedis } from '../test/helpers/redis-server';
import { buildWorkload, type Delivery } from './workload';

type Autocannon = (options: Record<string, unknown>) => Promise<{ requests: { total: number } }>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const SECRET = 'bench-secret';
const SECONDS = Number(process.env['PROFILE_SECONDS'] ?? '10');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function commandStats(info: string): Map<string, { calls: number; usec: number }> {
  const out = new Map<string, { calls: number; usec: number }>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    out.set(m[1] ?? '', { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return out;
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const memory = process.env['PROFILE_STORE'] === 'memory';
  const dir = mkdtempSync(join(tmpdir(), 'ncs-prof-'));
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--conditions=@audience-presence/source',
      '--import',
      TSX_LOADER,
      '--import',
      new URL('./exit-on-term.ts', import.meta.url).href,
      fileURLToPath(new URL('./ncs-server.ts', import.meta.url)),
    ],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        NCS_SECRET: SECRET,
        ...(memory ? {} : { REDIS_URL: redis.url }),
        STATS: process.env['STATS'] ?? '1',
        REDIS_MAX_BATCH: process.env['REDIS_MAX_BATCH'] ?? '64',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /listening (\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  const workload = buildWorkload(120_000, 8, SECRET);
  const admin = new Redis(redis.url);
  await admin.config('RESETSTAT');
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 64,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/ncs',
        setupRequest(request: Record<string, unknown>) {
          const d = workload[next++ % workload.length] as Delivery;
          return {
            ...request,
            body: d.body,
            headers: { 'content-type': 'application/json', 'agora-signature-v2': d.signature },
          };
        },
      },
    ],
  });
  const deliveries = result.requests.total;
  const stats = commandStats(await admin.info('commandstats'));
  admin.disconnect();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await redis.stop();

  console.log(`${deliveries} deliveries in ${SECONDS} s (${Math.round(deliveries / SECONDS)}/s)\n`);
  console.log('| redis command | calls per delivery | redis µs per delivery |');
  console.log('|---|---:|---:|');
  for (const [name, s] of [...stats].sort((a, b) => b[1].usec - a[1].usec)) {
    if (name === 'config' || name === 'info') continue;
    console.log(
      `| ${name} | ${(s.calls / deliveries).toFixed(3)} | ${(s.usec / deliveries).toFixed(1)} |`,
    );
  }

  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += dt;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '');
    const key = `${functionName || '(anonymous)'} ${where.replace(/^file:\/\/.*\/packages\//, '')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const idle = [...self].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0);
  console.log(
    `\nserver profile: ${(total / 1e6).toFixed(1)} s sampled, ${((total - idle) / deliveries).toFixed(0)} µs busy per delivery; top self time:\n`,
  );
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(us / deliveries).toFixed(1).padStart(6)} µs  ${key}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
