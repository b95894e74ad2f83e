/**
 * `@audience-presence/ncs/redis`: the Redis / Redis Cluster store. Its own
 * entry point because its types name ioredis (an optional peer): an app on
 * the memory store imports the root and needs neither ioredis nor its types.
 */
export {
  createRedisPresenceStore,
  type RedisClient,
  type RedisPresenceStoreOptions,
} from './redis-store';
