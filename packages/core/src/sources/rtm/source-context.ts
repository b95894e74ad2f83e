import type { PresenceAction } from '../../actions';
import type { Timers } from '../../deadline';
import type { PresenceErrorCode } from '../../errors';
import type { PresenceStore } from '../../store';
import type { RtmClientLike } from './rtm-source-types';

/** An SDK call, paced under the rate limit (docs/agora-behaviour.md §1b) and bounded by the deadline. */
export type PacedCall = <T>(
  operation: string,
  work: () => Promise<T>,
  timeoutCode: PresenceErrorCode,
  failCode: PresenceErrorCode,
  timeoutMessage?: string,
  extendWhile?: () => boolean,
) => Promise<T>;

/** What the parts of one bound RTM source share. */
export interface SourceContext {
  readonly store: PresenceStore;
  readonly client: RtmClientLike;
  readonly channel: string;
  readonly userId: string;
  readonly timers: Timers;
  readonly call: PacedCall;
  /** false once unbound: nothing reaches the store any more */
  bound(): boolean;
  /** dispatches while bound */
  dispatch(action: PresenceAction): void;
  /** an error of background work, to `onError` */
  report(error: unknown): void;
}
