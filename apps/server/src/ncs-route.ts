import type { NcsPresenceStore } from '@audience-presence/ncs';
import { createNcsFastifyPlugin } from '@audience-presence/ncs/fastify';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import type { ServerMetrics } from './metrics';

/**
 * POST /ncs: the ncs package's Fastify plugin (raw body for the HMAC, stored
 * before answering, a stalled store answered 503 within `storeTimeoutMs`).
 * Metrics come from its `onOutcome`; the log line of a refused delivery
 * (401, 503, ...) from the server's onResponse hook, which knows the request id.
 */
export function registerNcs(
  app: FastifyInstance,
  config: ServerConfig,
  store: NcsPresenceStore,
  metrics: ServerMetrics,
): void {
  void app.register(
    createNcsFastifyPlugin({
      secrets: config.ncsSecrets,
      store,
      maxBodyBytes: config.bodyLimit,
      storeTimeoutMs: config.storeTimeoutMs,
      onOutcome: (outcome, { durationMs }) => {
        metrics.delivery(outcome, durationMs);
        if (outcome === 'store_error' || outcome === 'store_timeout') {
          metrics.storeErrors.inc({ operation: 'apply' });
        }
      },
    }),
  );
}
