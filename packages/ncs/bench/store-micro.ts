/**
 * The Redis store alone, without HTTP: applies the bench workload's events in
 * waves of MICRO_CONCURRENCY (default 64, like bench:ncs's 64 connections) and
 * prints, per delivery, the client's CPU (this process) and Redis's CPU (INFO
 * cpu), and the script calls per delivery (INFO commandstats). A quick loop
 * for work on the scripts; bench:ncs is the figure of record.
 *
 *   pnpm --filter @audience-presence/ncs bench:store      (MICRO_DELIVERIES=40000, STATS=0|1, MICRO_MAX_BATCH)
 */
import { Redis } from 'ioredis';
import { parseNcsNotice, type NcsRtcEvent } from '../src/index';
import { createRedisPresenceStore } from '../src/redis';
import { startRedis } from '../test/helpers/redis-server';
import { buildWorkload } from './workload';

const DELIVERIES = Number(process.env['MICRO_DELIVERIES'] ?? '40000');
const CONCURRENCY = Number(process.env['MICRO_CONCURRENCY'] ?? '64');
const MAX_BATCH = Number(process.env['MICRO_MAX_BATCH'] ?? '64');
const STATS = process.env['STATS'] !== '0';

async function redisCpuUs(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
}

async function main(): Promise<void> {
  const events: NcsRtcEvent[] = [];
  for (const d of buildWorkload(Math.ceil(DELIVERIES / 1.5), 8, 'x')) {
    const notice = parseNcsNotice(d.body);
    if (notice.status === 'event') events.push(notice.event);
    if (events.length >= DELIVERIES) break;
  }
  const redis = await startRedis();
  const client = new Redis(redis.url, { enableAutoPipelining: true });
  const admin = new Redis(redis.url);
  const store = await createRedisPresenceStore({
    redis: client,
    maxBatch: MAX_BATCH,
    subscribeAll: false,
    stats: STATS,
  });
  try {
    // warm-up: scripts loaded, JIT warm
    await Promise.all(events.slice(0, 2000).map((e) => store.apply(e)));
    await admin.config('RESETSTAT');
    const cpu0 = process.cpuUsage();
    const redis0 = await redisCpuUs(admin);
    const t0 = performance.now();
    let next = 2000;
    const counts = { applied: 0, duplicate: 0, stale: 0 };
    // CONCURRENCY "connections", each applying its next event once the last one is stored
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length) {
          const event = events[next++] as NcsRtcEvent;
          counts[(await store.apply(event)).status] += 1;
        }
      }),
    );
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const redisUs = (await redisCpuUs(admin)) - redis0;
    const n = events.length - 2000;
    const info = await admin.info('commandstats');
    const calls = (name: string) =>
      Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
    console.log(
      `${n} deliveries (${JSON.stringify(counts)}), stats ${STATS ? 'on' : 'off'}, ` +
        `maxBatch ${MAX_BATCH}, ${CONCURRENCY} at a time: ${Math.round((n / ms) * 1000)}/s, ` +
        `client CPU ${((cpu.user + cpu.system) / n).toFixed(1)} µs, redis CPU ${(redisUs / n).toFixed(1)} µs, ` +
        `${((calls('evalsha') + calls('eval')) / n).toFixed(3)} script calls per delivery`,
    );
  } finally {
    await store.close();
    client.disconnect();
    admin.disconnect();
    await redis.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
