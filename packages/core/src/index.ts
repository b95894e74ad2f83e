export type * from './model';
export type { PresenceAction } from './actions';
export { PresenceError, isPresenceError, type PresenceErrorCode } from './errors';
