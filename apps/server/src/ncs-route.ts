import { createNcsNodeHandler, type PresenceStore } from '@audience-presence/ncs';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import type { ServerMetrics } from './metrics';

/**
 * POST /ncs. TEMPORARY: today's node handler, run before Fastify reads the
 * body (the HMAC needs the raw bytes), until @audience-presence/ncs/fastify lands.
 */
export function registerNcs(
  app: FastifyInstance,
  config: ServerConfig,
  store: PresenceStore,
  _metrics: ServerMetrics,
): void {
  const handler = createNcsNodeHandler({
    secrets: config.ncsSecrets,
    store,
    maxBodyBytes: config.bodyLimit,
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url !== '/ncs') return done();
    reply.hijack();
    handler(request.raw, reply.raw);
  });
}
