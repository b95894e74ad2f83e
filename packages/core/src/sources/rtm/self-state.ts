import { PresenceError, sdkCause } from '../../errors';
import type { MemberState, StageRole } from '../../model';
import type { SourceContext } from './source-context';

export interface SelfStateOptions {
  readonly roleKey: string;
  readonly rtcUidKey: string;
  readonly beQuiet: boolean;
  readonly role: StageRole;
  readonly rtcUid: string | number | null;
  readonly state: MemberState;
  /** whether the source is in the channel (own writes are echoed to the store only then) */
  readonly subscribed: () => boolean;
  /** the out-of-service path for a refused write; true when it was that */
  readonly noteUnavailable: (error: unknown) => boolean;
}

/**
 * The local user's RTM presence state: role, RTC uid and app fields, written
 * with setState and, for keys dropped since the last write, removeState (RTM
 * merges setState into the stored map).
 */
export class SelfState {
  role: StageRole;
  rtcUid: string | number | null;
  appState: MemberState;
  /** a state was written since the last login / subscribe (written again after a reconnect) */
  written = false;
  /** a write was refused while presence was unavailable: written again once it is back */
  owed = false;
  /** keys of the state last written to RTM: one dropped since must be removed there too */
  #writtenKeys: ReadonlySet<string> = new Set();
  readonly #ctx: SourceContext;
  readonly #options: SelfStateOptions;

  constructor(ctx: SourceContext, options: SelfStateOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.role = options.role;
    this.rtcUid = options.rtcUid;
    this.appState = options.state;
  }

  /** The SDK dropped the state with the subscription (logout, leave): nothing is written any more. */
  forget(): void {
    this.written = false;
    this.owed = false;
    this.#writtenKeys = new Set();
  }

  #current(): MemberState {
    const { roleKey, rtcUidKey } = this.#options;
    const state: Record<string, string> = { ...this.appState, [roleKey]: this.role };
    if (this.rtcUid !== null) state[rtcUidKey] = String(this.rtcUid);
    return Object.freeze(state);
  }

  /** Writes the state. Rejects RTM_SET_STATE_FAILED, or PRESENCE_OUT_OF_SERVICE (then owed). */
  async write(): Promise<void> {
    const { client, channel, call, userId } = this.#ctx;
    const state = this.#current();
    const removed = [...this.#writtenKeys].filter((key) => !Object.hasOwn(state, key));
    const publish = (operation: string, work: () => Promise<unknown>): Promise<unknown> =>
      call(
        operation,
        work,
        'RTM_SET_STATE_FAILED',
        'RTM_SET_STATE_FAILED',
        'Publishing your presence state took too long.',
      ).catch((error: unknown) => {
        if (!this.#options.noteUnavailable(error)) throw error;
        // written again once presence is back (after the resync that proves it)
        this.owed = true;
        throw new PresenceError('PRESENCE_OUT_OF_SERVICE', {
          message:
            'The presence service is unavailable for this channel; your state will be published when it is back.',
          cause: sdkCause(error),
        });
      });
    await publish('setState', () => client.presence.setState(channel, 'MESSAGE', { ...state }));
    this.written = true;
    this.owed = false;
    // until removeState succeeds, the dropped keys still count as written (retried next time)
    this.#writtenKeys = new Set([...Object.keys(state), ...removed]);
    // the SDK never reports the local user's own changes back (docs/agora-behaviour.md §1)
    if (!this.#options.beQuiet && this.#options.subscribed())
      this.#ctx.dispatch({ type: 'state', userId, state });
    const { removeState } = client.presence;
    if (removed.length > 0 && removeState !== undefined) {
      await publish('removeState', () =>
        removeState.call(client.presence, channel, 'MESSAGE', { states: removed }),
      );
      this.#writtenKeys = new Set(Object.keys(state));
    }
  }
}
