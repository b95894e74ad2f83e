import type { RtcUid as UID } from '../agora-types';
import type { RtcClientLike } from '../session/types';
import type { PresenceAction } from '../actions';
import type { PresenceStore } from '../store';

/** The part of an agora-rtc-react client the host adapter reads (the simulator's fits too). */
export type RtcHostClient = Pick<RtcClientLike, 'on' | 'off' | 'remoteUsers'>;

/** What changed since `remoteUsers` was read: the SDK fires before or after updating it. */
export interface RtcHostChange {
  /** the uid of a `user-joined`: counted as a host even if `remoteUsers` lacks it yet */
  readonly joined?: UID;
  /** the uid of a `user-left`: no longer a host even if `remoteUsers` still has it */
  readonly left?: UID;
}

/**
 * The `rtc-hosts` action for an RTC client's remote users (pure). In live
 * mode the RTC SDK reports hosts only (docs/agora-behaviour.md §2), so every remote
 * user is a host; `change` applies a `user-joined` / `user-left` that
 * `remoteUsers` may not reflect yet.
 */
export function rtcHostsAction(
  remoteUsers: readonly { readonly uid: UID }[],
  change: RtcHostChange = {},
): Extract<PresenceAction, { type: 'rtc-hosts' }> {
  const ids = new Set(remoteUsers.map((u) => String(u.uid)));
  if (change.joined !== undefined) ids.add(String(change.joined));
  if (change.left !== undefined) ids.delete(String(change.left));
  return { type: 'rtc-hosts', userIds: [...ids] };
}

/** A bound host adapter. */
export interface RtcHostsBinding {
  /** Dispatches the client's current hosts (after a join, when `user-joined` may have fired before we listened). */
  sync(): void;
  /** Removes the listeners. Idempotent. */
  unbind(): void;
}

/**
 * Feeds a store the RTC hosts of a live-mode client: `user-joined` /
 * `user-left` become `rtc-hosts`, the RTC half beside the RTM presence
 * source. Listens from now on; call `sync()` once joined.
 *
 * @example
 * const hosts = bindRtcHosts(store, rtcClient);
 * await rtcClient.join(appId, channel, token, uid);
 * hosts.sync();
 */
export function bindRtcHosts(store: PresenceStore, rtc: RtcHostClient): RtcHostsBinding {
  let bound = true;
  const onJoined = (user: { uid: UID }): void => {
    if (bound) store.dispatch(rtcHostsAction(rtc.remoteUsers, { joined: user.uid }));
  };
  const onLeft = (user: { uid: UID }): void => {
    if (bound) store.dispatch(rtcHostsAction(rtc.remoteUsers, { left: user.uid }));
  };
  rtc.on('user-joined', onJoined);
  rtc.on('user-left', onLeft);
  return {
    sync() {
      if (bound) store.dispatch(rtcHostsAction(rtc.remoteUsers));
    },
    unbind() {
      if (!bound) return;
      bound = false;
      rtc.off('user-joined', onJoined);
      rtc.off('user-left', onLeft);
    },
  };
}
