// The server side with the memory store only: ioredis is not installed.
import {
  createMemoryPresenceStore,
  isNcsError,
  type NcsPresenceStore,
} from '@audience-presence/ncs';

export const store: NcsPresenceStore = createMemoryPresenceStore();
export const isOurs = (e: unknown): boolean => isNcsError(e);
