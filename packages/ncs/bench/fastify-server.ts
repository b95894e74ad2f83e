// The Fastify receiver under test: Fastify 5 + createNcsFastifyPlugin + the memory store,
// configured as a production deploy would be (no per-request logging).
import './cpu-probe';
import Fastify from 'fastify';
import { createMemoryPresenceStore, type NcsPresenceStore } from '../src/index';
import { createNcsFastifyPlugin } from '../src/fastify';

const store = createMemoryPresenceStore();
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
const app = Fastify({ logger: false });
await app.register(
  createNcsFastifyPlugin({ secrets: process.env['NCS_SECRET'] ?? '', store: counted }),
);
app.get('/stats', () => stats);
// GET /presence?channel=... for the after-run check
app.get<{ Querystring: { channel?: string } }>('/presence', (request) =>
  store.presence(request.query.channel ?? ''),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
