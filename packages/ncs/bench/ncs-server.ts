// The receiver under test: createNcsNodeHandler + a store (memory, or Redis with REDIS_URL).
import './cpu-probe';
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import {
  createMemoryPresenceStore,
  createNcsNodeHandler,
  createRedisPresenceStore,
  type NcsPresenceStore,
} from '../src/index';

const redisUrl = process.env['REDIS_URL'];
const store: NcsPresenceStore = redisUrl
  ? await createRedisPresenceStore({
      redis: new Redis(redisUrl, { enableAutoPipelining: true }),
      keyPrefix: 'bench:',
    })
  : createMemoryPresenceStore();
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
