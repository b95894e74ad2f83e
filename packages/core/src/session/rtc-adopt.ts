import { PresenceError } from '../errors';
import type { RtcClientLike, RtcUid } from './types';

/**
 * Whether the app already joined `channel` with this RTC client (for example
 * with agora-rtc-react's `useJoin`). Resolves with that join's uid so
 * `useDualChannel` adopts it instead of joining twice, or null when the client
 * is free. A join still in flight is awaited first (the caller bounds the wait).
 * Rejects when the client is in another channel: one client joins one channel.
 * `cancel()` removes the listener of a wait that is given up.
 */
export function adoptableJoin(
  rtc: RtcClientLike,
  channel: string,
): { readonly promise: Promise<RtcUid | null>; cancel(): void } {
  let cancel = (): void => undefined;
  const promise = new Promise<RtcUid | null>((resolve, reject) => {
    const decide = (): boolean => {
      const state = rtc.connectionState;
      if (state === 'DISCONNECTED') {
        resolve(null);
        return true;
      }
      if (state !== 'CONNECTED' && state !== 'RECONNECTING') return false;
      if (rtc.channelName === channel && rtc.uid !== undefined) resolve(rtc.uid);
      else
        reject(
          new PresenceError('RTC_JOIN_FAILED', {
            message: `The RTC client is already in channel "${String(rtc.channelName)}".`,
          }),
        );
      return true;
    };
    if (decide()) return;
    // CONNECTING or DISCONNECTING: wait for the app's join or leave to settle
    const onChange = (): void => {
      if (decide()) rtc.off('connection-state-change', onChange);
    };
    rtc.on('connection-state-change', onChange);
    cancel = () => rtc.off('connection-state-change', onChange);
  });
  return { promise, cancel };
}
