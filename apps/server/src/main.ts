import { createServer } from 'node:http';
import {
  createMemoryPresenceStore,
  createRedisPresenceStore,
  type PresenceStore,
} from '@audience-presence/ncs';
import { Redis } from 'ioredis';
import { createApp } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';

/** A Redis command slower than this fails the request with 503 (NCS waits 10 s, then retries). */
const REDIS_COMMAND_TIMEOUT_MS = 5000;

async function openStore(
  config: ServerConfig,
): Promise<{ store: PresenceStore; close: () => Promise<void> }> {
  if (!config.redisUrl) {
    const store = createMemoryPresenceStore();
    return { store, close: () => store.close() };
  }
  // Fail requests fast while Redis is down (NCS retries a non-200, agora-notes.md §3) instead of queueing them,
  // and give up on a Redis that stalls, so NCS gets its 503 well inside its 10 s answer window.
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // one socket write for all the deliveries stored in the same tick (bench:ncs)
    enableAutoPipelining: true,
    lazyConnect: true,
  });
  redis.on('error', (error: Error) => console.error(`redis: ${error.message}`));
  await redis.connect();
  const store = await createRedisPresenceStore({ redis });
  return {
    store,
    close: async () => {
      await store.close();
      await redis.quit();
    },
  };
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`audience-presence server: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { store, close } = await openStore(config);
  const app = createApp(config, store);
  const server = createServer(app.listener);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(
      `audience-presence server listening on http://${config.host}:${port} ` +
        `(storage: ${config.redisUrl ? 'redis' : 'memory'}, /token: ${config.agora ? 'on' : 'off'}, ` +
        `read token: ${config.readToken ? 'required' : 'none'})`,
    );
  });
  const shutdown = (): void => {
    // Finish in-flight deliveries (each is stored before it is answered), end the
    // SSE streams, then release the store. Give up after 5 s.
    setTimeout(() => process.exit(1), 5000).unref();
    app.close();
    server.close(() => {
      void close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('audience-presence server failed to start:', error);
  process.exit(1);
});
