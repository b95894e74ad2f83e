import { createMemoryPresenceStore, type NcsPresenceStore } from '@audience-presence/ncs';
import { createRedisPresenceStore } from '@audience-presence/ncs/redis';
import type { FastifyInstance } from 'fastify';
import { Cluster, Redis } from 'ioredis';
import { createServer, type ServerOptions } from './app';
import type { ServerConfig } from './config';
import { createMetrics, type ServerMetrics } from './metrics';

/** A Redis command slower than this fails (the /ncs store timeout answers 503 sooner). */
const REDIS_COMMAND_TIMEOUT_MS = 5000;

/** An open store and how to release it. */
export interface OpenStore {
  readonly store: NcsPresenceStore;
  close(): Promise<void>;
}

/** Opens the store the configuration names: Redis Cluster, Redis, else in memory. */
export async function openStore(
  config: ServerConfig,
  metrics: ServerMetrics,
  log: (message: string) => void,
): Promise<OpenStore> {
  if (!config.redisUrl && !config.redisClusterNodes) {
    const store = createMemoryPresenceStore({ statsWindowMs: config.statsWindowMs });
    return { store, close: () => store.close() };
  }
  // Fail requests fast while Redis is down (NCS retries a non-200, docs/agora-behaviour.md §3) instead of queueing them.
  const commandOptions = {
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  } as const;
  let redis: Redis | Cluster;
  let subscriber: Redis | Cluster;
  if (config.redisClusterNodes) {
    redis = new Cluster([...config.redisClusterNodes], {
      // one socket write per node for all the deliveries stored in the same tick
      enableAutoPipelining: true,
      enableOfflineQueue: false,
      lazyConnect: true,
      redisOptions: commandOptions,
    });
    // Sharded pub/sub: one subscriber connection per primary (ioredis's shardedSubscribers).
    subscriber = redis.duplicate([], {
      shardedSubscribers: true,
      enableOfflineQueue: true,
      lazyConnect: false,
    });
  } else {
    const single = new Redis(config.redisUrl ?? '', {
      ...commandOptions,
      enableOfflineQueue: false,
      // one socket write for all the deliveries stored in the same tick (bench:ncs)
      enableAutoPipelining: true,
      lazyConnect: true,
    });
    redis = single;
    subscriber = single.duplicate({ lazyConnect: false, enableOfflineQueue: true });
  }
  // The pub/sub connection is ours too, so it has an error listener (without
  // one, ioredis prints "Unhandled error event" for every failed reconnect).
  metrics.registry.registerMetric(metrics.redisUp);
  metrics.redisUp.set(0);
  redis.on('ready', () => metrics.redisUp.set(1));
  redis.on('close', () => metrics.redisUp.set(0));
  redis.on('end', () => metrics.redisUp.set(0));
  redis.on('error', (error: Error) => log(`redis: ${error.message}`));
  subscriber.on('error', (error: Error) => log(`redis subscriber: ${error.message}`));
  await redis.connect();
  // subscribeAll: false: the feed hub watches the channels it streams, so this
  // instance receives only their events (sharded pub/sub on a Cluster).
  const store = await createRedisPresenceStore({
    redis,
    subscriber,
    subscribeAll: false,
    statsWindowMs: config.statsWindowMs,
  });
  return {
    store,
    close: async () => {
      await store.close();
      subscriber.disconnect();
      await redis.quit();
    },
  };
}

/** A listening server and how to stop it. */
export interface StartedServer {
  readonly app: FastifyInstance;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Opens the store (unless one is given), builds the server and listens;
 * logs "audience-presence server listening on <url>" once ready.
 */
export async function start(
  config: ServerConfig,
  options: ServerOptions & { store?: OpenStore } = {},
): Promise<StartedServer> {
  const metrics = options.metrics ?? createMetrics();
  // Redis errors before the server (and its logger) exist go to stderr.
  let logError = (message: string): void => console.error(message);
  const opened = options.store ?? (await openStore(config, metrics, (m) => logError(m)));
  const app = await createServer(config, opened.store, { ...options, metrics });
  logError = (message) => app.log.error(message);
  if (config.tokenAuth.kind === 'insecure-dev' && !options.authorize) {
    app.log.warn(
      'TOKEN_AUTH=insecure-dev: POST /token issues host tokens to ANYONE for any channel. Development only.',
    );
  }
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', '::1');
  // at info whatever LOG_LEVEL says: scripts wait for this line
  app.log
    .child({}, { level: 'info' })
    .info(
      `audience-presence server listening on ${url} ` +
        `(storage: ${options.store ? 'memory' : config.redisClusterNodes ? 'redis cluster' : config.redisUrl ? 'redis' : 'memory'}, /token: ${tokenState(config, options)}, ` +
        `read token: ${config.readToken ? 'required' : 'none'})`,
    );
  return {
    app,
    url,
    async stop() {
      await app.close();
      await opened.close();
    },
  };
}

function tokenState(config: ServerConfig, options: ServerOptions): string {
  if (!config.agora) return 'off';
  if (options.authorize) return 'authorize hook';
  return config.tokenAuth.kind === 'none'
    ? 'off (no TOKEN_JWT_SECRET / TOKEN_JWKS_URL)'
    : config.tokenAuth.kind;
}
