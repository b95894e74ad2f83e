import type { NcsOutcome } from '@audience-presence/ncs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every outcome of one POST /ncs (the ncs Fastify plugin's `onOutcome`): ncs's own vocabulary. */
export type DeliveryOutcome = NcsOutcome;

/** The server's Prometheus metrics, in a registry of its own (several servers may share a process in tests). */
export interface ServerMetrics {
  readonly registry: Registry;
  delivery(outcome: DeliveryOutcome, durationMs: number): void;
  readonly sseStreams: Gauge;
  readonly sseRejected: Counter<'reason'>;
  readonly sseDropped: Counter<'reason'>;
  readonly storeErrors: Counter<'operation'>;
  readonly redisUp: Gauge;
}

/** Creates the metrics; the names are listed in README ("Metrics"). */
export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'ap_ncs_deliveries_total',
    help: 'NCS webhook deliveries by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ap_ncs_delivery_duration_seconds',
    help: 'Time from a delivery arriving to its answer (NCS waits 10 s)',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    delivery(outcome, durationMs) {
      deliveries.inc({ outcome });
      latency.observe({ outcome }, durationMs / 1000);
    },
    sseStreams: new Gauge({
      name: 'ap_sse_streams',
      help: 'Open live-feed (SSE) streams',
      registers: [registry],
    }),
    sseRejected: new Counter({
      name: 'ap_sse_rejected_total',
      help: 'Live-feed streams refused at the cap: reason global (503) or ip (429)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    sseDropped: new Counter({
      name: 'ap_sse_dropped_total',
      help: 'Live-feed streams dropped because the client did not read: buffer or stall',
      labelNames: ['reason'],
      registers: [registry],
    }),
    storeErrors: new Counter({
      name: 'ap_store_errors_total',
      help: 'Presence store operations that failed',
      labelNames: ['operation'],
      registers: [registry],
    }),
    redisUp: new Gauge({
      name: 'ap_redis_up',
      help: '1 while the Redis connection is ready, 0 otherwise (absent with the memory store)',
      registers: [],
    }),
  };
}
