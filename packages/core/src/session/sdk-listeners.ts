import { PresenceError } from '../errors';
import type { PresenceStore } from '../store';
import type { JoinAttempt } from './join-attempt';
import type { RtcClientLike, RtmClient } from './types';

/** What the listeners may do to the session that owns the attempt. */
export interface SessionHooks {
  /** false once the attempt is closing or replaced: late events are dropped */
  alive(): boolean;
  /** a fatal event: tear the attempt down and report `error` */
  fail(error: PresenceError): void;
  /** recompute joined / reconnecting */
  statusChanged(): void;
  /** a token is about to expire: fetch and apply a new one */
  renew(kind: 'rtc' | 'rtm', apply: (token: string) => Promise<unknown>): void;
}

/** RTC `connection-state-change` DISCONNECTED reasons we did not cause → the error to show */
export function rtcDisconnectError(reason: unknown): PresenceError {
  if (reason === 'TOKEN_EXPIRE') return new PresenceError('TOKEN_EXPIRED', { cause: reason });
  // the SDK closes the OLDER client with UID_BANNED when the same uid joins from another
  // device, and gives no other reason for that (docs/agora-behaviour.md §1b, "RTC"): do not call it a ban
  if (reason === 'UID_BANNED') return new PresenceError('RTC_UID_CLOSED', { cause: reason });
  const banned = reason === 'IP_BANNED' || reason === 'CHANNEL_BANNED';
  return new PresenceError(banned ? 'RTC_BANNED' : 'RTC_CONNECTION_LOST', { cause: reason });
}

/**
 * RTC listeners, added BEFORE join so hosts announced during join are not
 * missed: connection state and token expiry (the hosts go through the host
 * adapter, `sources/rtc-hosts.ts`).
 */
export function watchRtc(attempt: JoinAttempt, rtc: RtcClientLike, hooks: SessionHooks): void {
  const onState = (current: string, _previous: string, reason?: string): void => {
    if (!hooks.alive()) return;
    if (current === 'RECONNECTING') attempt.rtcReconnecting = true;
    else if (current === 'CONNECTED') attempt.rtcReconnecting = false;
    else if (current === 'DISCONNECTED' && attempt.rtcUid !== null) {
      hooks.fail(rtcDisconnectError(reason));
      return;
    }
    hooks.statusChanged();
  };
  const onWillExpire = (): void => {
    if (hooks.alive()) hooks.renew('rtc', (token) => rtc.renewToken(token));
  };
  const onDidExpire = (): void => {
    if (hooks.alive()) hooks.fail(new PresenceError('TOKEN_EXPIRED'));
  };
  rtc.on('connection-state-change', onState);
  rtc.on('token-privilege-will-expire', onWillExpire);
  rtc.on('token-privilege-did-expire', onDidExpire);
  attempt.onClose(() => {
    rtc.off('connection-state-change', onState);
    rtc.off('token-privilege-will-expire', onWillExpire);
    rtc.off('token-privilege-did-expire', onDidExpire);
  });
}

/**
 * RTM token renewal, and the link's fatal failures (SAME_UID_LOGIN, kicked,
 * token expired), seen through the store that the RTM source fills.
 */
export function watchRtm(
  attempt: JoinAttempt,
  rtm: RtmClient,
  store: PresenceStore,
  hooks: SessionHooks,
): void {
  const onWillExpire = (): void => {
    if (hooks.alive()) hooks.renew('rtm', (token) => rtm.renewToken(token));
  };
  rtm.addEventListener('tokenPrivilegeWillExpire', onWillExpire);
  const unsubscribe = store.subscribe((state, prev) => {
    if (!hooks.alive() || state.status === prev.status) return;
    if (state.status === 'failed' && attempt.source?.loginStarted === true) {
      hooks.fail(state.error ?? new PresenceError('RTM_CONNECTION_FAILED'));
    } else {
      hooks.statusChanged();
    }
  });
  attempt.onClose(() => {
    rtm.removeEventListener('tokenPrivilegeWillExpire', onWillExpire);
    unsubscribe();
  });
}
