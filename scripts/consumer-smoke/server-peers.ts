// With the server's optional peers installed: the Redis store and the Fastify plugin.
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { createNcsFastifyPlugin } from '@audience-presence/ncs/fastify';
import { createRedisPresenceStore } from '@audience-presence/ncs/redis';

export async function start(): Promise<void> {
  const store = await createRedisPresenceStore({ redis: new Redis({ lazyConnect: true }) });
  const app = Fastify();
  await app.register(createNcsFastifyPlugin({ secrets: ['secret'], store }));
}
