import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NcsPresenceStore } from '@audience-presence/ncs';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { ServerConfig } from './config';
import { ServerError, errorBody, isServerError } from './errors';
import { createMetrics, type ServerMetrics } from './metrics';
import { registerNcs } from './ncs-route';
import { registerReads } from './read-routes';
import { bearerToken, secretEquals } from './secret-compare';
import { createFeedHub } from './sse';
import { registerToken } from './token-route';
import type { AuthorizeToken } from './token-auth';

/** What an app that embeds the server may inject. */
export interface ServerOptions {
  /**
   * Decides who may have a token from POST /token (and for what). Overrides
   * the JWT / insecure-dev configuration of the environment.
   */
  readonly authorize?: AuthorizeToken;
  /** Fastify's logger option; default: pino JSON lines on stdout at `config.logLevel` */
  readonly logger?: FastifyServerOptions['logger'];
  /** metrics to fill; default: a registry of this server's own */
  readonly metrics?: ServerMetrics;
}

/** Fastify's trustProxy: a hop count becomes proxy-addr's "trust the first n hops" function. */
function trustProxyOption(
  value: ServerConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return typeof value === 'boolean' ? value : [...value];
}

/** How often node:http checks the header and request timeouts (its default is 30 s). */
function checkingInterval(config: ServerConfig): number {
  return Math.max(
    100,
    Math.min(1000, Math.floor(Math.min(config.timeouts.headers, config.timeouts.request) / 4)),
  );
}

/** What the log shows of a request: no headers, no body, no query values (they may hold tokens). */
function requestSummary(request: FastifyRequest): Record<string, unknown> {
  const url = request.url;
  const query = url.indexOf('?');
  return {
    method: request.method,
    url: query < 0 ? url : `${url.slice(0, query)}?…`,
    remoteAddress: request.ip,
  };
}

/** Is this request from this machine, with no proxy in front of it? */
function isLocalDirect(request: FastifyRequest): boolean {
  const peer = request.raw.socket.remoteAddress ?? '';
  const local = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  return (
    local &&
    request.headers['x-forwarded-for'] === undefined &&
    request.headers['forwarded'] === undefined
  );
}

/**
 * The whole server as a Fastify instance (not yet listening):
 * `POST /ncs`, `GET /channels/:c/presence` (paged), `GET /channels/:c/count`,
 * `GET /channels/:c/events` (SSE), `POST /token`, `GET|HEAD /healthz`,
 * `GET /readyz`, `GET /metrics`.
 */
export async function createServer(
  config: ServerConfig,
  store: NcsPresenceStore,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const metrics = options.metrics ?? createMetrics();
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Nothing below logs headers, but a handler logging a request object must not leak them either.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["agora-signature"]',
          'req.headers["agora-signature-v2"]',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
      serializers: { req: requestSummary },
    },
    genReqId: () => randomUUID(),
    // our onResponse hook writes the request lines (fewer for /ncs)
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: config.bodyLimit,
    connectionTimeout: config.timeouts.connection,
    keepAliveTimeout: config.timeouts.keepAlive,
    requestTimeout: config.timeouts.request,
    // node:http only: Fastify has no option of its own for these
    http: {
      headersTimeout: config.timeouts.headers,
      requestTimeout: config.timeouts.request,
      connectionsCheckingInterval: checkingInterval(config),
    },
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // One line per answered request; for /ncs (thousands a second) only the refused ones.
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url === '/ncs') {
      if (reply.statusCode !== 200) {
        request.log.warn(
          { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
          'ncs delivery refused',
        );
      }
      return;
    }
    request.log.info(
      { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  app.setErrorHandler((error, request, reply) => {
    if (isServerError(error)) {
      if (error.status >= 500)
        request.log.error({ err: error.cause ?? error, code: error.code }, error.message);
      return reply.code(error.status).send(errorBody(error.code, error.message));
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) {
      return reply.code(429).send(errorBody('RATE_LIMITED', 'Too many requests; slow down.'));
    }
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, bad URL): a fixed message each.
      return reply.code(status).send(errorBody('BAD_REQUEST', 'The request is not valid.'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('INTERNAL', 'Internal error.'));
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send(errorBody('NOT_FOUND', 'No such route.')),
  );

  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'last-event-id'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () =>
      new ServerError('RATE_LIMITED', 'Too many requests; slow down.', { status: 429 }),
  });

  const hub = createFeedHub(store, config.sse, {
    opened: () => metrics.sseStreams.inc(),
    closed: () => metrics.sseStreams.dec(),
    rejected: (reason) => metrics.sseRejected.inc({ reason }),
    dropped: (reason) => metrics.sseDropped.inc({ reason }),
    failed: (error, channelName) => {
      metrics.storeErrors.inc({ operation: 'feed' });
      app.log.error({ err: error, channelName }, 'live feed read failed');
    },
  });
  // End the live streams first, or close() would wait for them forever.
  app.addHook('preClose', async () => hub.close());

  registerNcs(app, config, store, metrics);
  registerReads(app, config, hub, metrics);
  registerToken(app, config, options.authorize);

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (request, reply) => {
    try {
      // ping() is bounded by the store; the timeout here is a second belt
      await withTimeout(store.ping(), 3000);
      return { ok: true };
    } catch (error) {
      metrics.storeErrors.inc({ operation: 'ping' });
      request.log.warn({ err: error }, 'readiness check failed');
      return reply
        .code(503)
        .send(errorBody('STORE_UNAVAILABLE', 'The presence store is unavailable.'));
    }
  });
  app.get('/metrics', async (request, reply) => {
    if (!metricsAllowed(config, request)) {
      return reply
        .code(403)
        .send(errorBody('FORBIDDEN', 'Metrics need METRICS_TOKEN, or a direct local request.'));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}

function metricsAllowed(config: ServerConfig, request: FastifyRequest): boolean {
  if (config.metricsToken === undefined) return isLocalDirect(request);
  const given = bearerToken(request.headers.authorization);
  return given !== undefined && secretEquals(given, config.metricsToken);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
