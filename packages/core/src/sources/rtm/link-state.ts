import type { PresenceAction } from '../../actions';
import { PresenceError } from '../../errors';
import { linkFailureCode } from './rtm-link-failure';

/** What the source remembers of the MESSAGE link between two `linkState` events. */
export interface LinkMemory {
  /** connected at least once since bind: a later drop is a RE-connect */
  readonly everConnected: boolean;
  /** the link dropped after connecting and has not come back yet */
  readonly lostLink: boolean;
  /** the last `currentState` seen (null before the first event) */
  readonly last: string | null;
}

export const INITIAL_LINK: LinkMemory = Object.freeze({
  everConnected: false,
  lostLink: false,
  last: null,
});

/** What one `linkState` event means for the source. */
export interface LinkOutcome {
  readonly link: LinkMemory;
  /** the action to dispatch (a status, or `ignored`), or null */
  readonly action: PresenceAction | null;
  /** CONNECTED after a lost link: reconcile (subscribe again when not resumed) */
  readonly reconnected: { readonly resubscribe: boolean } | null;
  /** IDLE: logged out, so the SDK keeps no subscription and no temporary state */
  readonly loggedOut: boolean;
}

const status = (
  link: LinkMemory,
  action: PresenceAction,
  extra: Partial<Pick<LinkOutcome, 'reconnected' | 'loggedOut'>> = {},
): LinkOutcome => ({ link, action, reconnected: null, loggedOut: false, ...extra });

/**
 * Maps an RTM `linkState` event to a status (pure, never throws), like
 * {@link adaptPresenceEvent} for presence. docs/agora-behaviour.md §1: CONNECTING →
 * connecting (reconnecting once connected before); CONNECTED → connected, and a
 * reconcile after a lost link; DISCONNECTED / SUSPENDED → reconnecting, the list
 * KEPT and stale while the SDK retries; FAILED → failed with the reason's code;
 * IDLE → idle / disconnected. Events of the STREAM link are not ours (no action).
 */
export function mapLinkState(event: unknown, link: LinkMemory): LinkOutcome {
  if (typeof event !== 'object' || event === null) {
    return status(link, {
      type: 'ignored',
      why: 'malformed',
      detail: process.env.NODE_ENV !== 'production' ? 'linkState event is not an object' : '',
    });
  }
  const { serviceType, currentState, isResumed, reasonCode } = event as Record<string, unknown>;
  // the STREAM link does not carry message-channel presence
  if (serviceType !== undefined && serviceType !== 'MESSAGE') {
    return { link, action: null, reconnected: null, loggedOut: false };
  }
  const last = typeof currentState === 'string' ? currentState : String(currentState);
  const waiting = link.everConnected ? 'reconnecting' : 'connecting';
  switch (currentState) {
    case 'CONNECTED': {
      const reconnected = link.lostLink && link.everConnected;
      return status(
        { everConnected: true, lostLink: false, last },
        { type: 'status', status: 'connected' },
        reconnected ? { reconnected: { resubscribe: isResumed === false } } : {},
      );
    }
    case 'CONNECTING':
      return status({ ...link, last }, { type: 'status', status: waiting });
    case 'DISCONNECTED':
    case 'SUSPENDED':
      return status(
        { ...link, lostLink: link.lostLink || link.everConnected, last },
        { type: 'status', status: waiting },
      );
    case 'FAILED':
      return status(
        { ...link, lostLink: true, last },
        {
          type: 'status',
          status: 'failed',
          error: new PresenceError(linkFailureCode(reasonCode), { cause: event }),
        },
      );
    case 'IDLE':
      return status(
        { ...link, last },
        { type: 'status', status: link.everConnected ? 'disconnected' : 'idle' },
        { loggedOut: true },
      );
    default:
      return status(
        { ...link, last },
        {
          type: 'ignored',
          why: 'malformed',
          detail: process.env.NODE_ENV !== 'production' ? `linkState ${String(currentState)}` : '',
        },
      );
  }
}
