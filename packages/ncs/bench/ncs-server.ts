// The receiver under test: createNcsNodeHandler + a store (memory; Redis with
// REDIS_URL; Redis Cluster with REDIS_CLUSTER_NODES=host:port,...; REDIS_MAX_BATCH
// is the store's maxBatch, 1 = one script call per delivery).
import './cpu-probe';
import { createServer } from 'node:http';
import { Cluster, Redis } from 'ioredis';
import {
  createMemoryPresenceStore,
  createNcsNodeHandler,
  type NcsPresenceStore,
} from '../src/index';
import { createRedisPresenceStore } from '../src/redis';

const redisUrl = process.env['REDIS_URL'];
const clusterNodes = process.env['REDIS_CLUSTER_NODES'];
const maxBatch = Number(process.env['REDIS_MAX_BATCH'] ?? '64');
const keyPrefix = process.env['KEY_PREFIX'] ?? 'bench:';
// STATS=0: the store keeps no audience stats (the bench's "stats off" rows)
const statsOn = process.env['STATS'] !== '0';
const store: NcsPresenceStore = clusterNodes
  ? await createRedisPresenceStore({
      redis: new Cluster(
        clusterNodes.split(',').map((node) => {
          const [host = '127.0.0.1', port = '0'] = node.split(':');
          return { host, port: Number(port) };
        }),
        { enableAutoPipelining: true },
      ),
      keyPrefix,
      maxBatch,
      subscribeAll: false,
      stats: statsOn,
    })
  : redisUrl
    ? await createRedisPresenceStore({
        redis: new Redis(redisUrl, { enableAutoPipelining: true }),
        keyPrefix,
        maxBatch,
        subscribeAll: false,
        stats: statsOn,
      })
    : createMemoryPresenceStore({ stats: statsOn });
// Counts what the store did with each delivery, so the bench can prove nothing was stored twice.
const stats = { applied: 0, stale: 0, duplicate: 0 };
const counted: NcsPresenceStore = {
  ...store,
  apply: (event) =>
    store.apply(event).then((result) => {
      stats[result.status] += 1;
      return result;
    }),
};
const ncs = createNcsNodeHandler({ secrets: process.env['NCS_SECRET'] ?? '', store: counted });

const server = createServer((request, response) => {
  if (request.url === '/ncs') return ncs(request, response);
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(stats));
    return;
  }
  // GET /presence?channel=... for the after-run check
  store.presence(url.searchParams.get('channel') ?? '').then((presence) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(presence));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
