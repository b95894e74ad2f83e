import type { TimerHandle } from './clock';
import type { CloudContext } from './cloud-context';
import type { CrowdRtcBridge } from './crowd';
import { RTC_SERVER_TIMEOUT_MS } from './rtc/rtc-client';

/**
 * Puts crowd members in the same-named RTC channel. A crashed member's RTC
 * session lingers ~20 s before others see ServerTimeOut (docs/agora-behaviour.md §2);
 * rejoining within that window resumes the session instead.
 */
export function createCrowdRtcBridge(ctx: CloudContext): CrowdRtcBridge {
  const lingering = new Map<string, TimerHandle>();
  const keyOf = (channel: string, uid: number) => `${channel}\u0000${uid}`;
  const resume = (key: string): boolean => {
    const t = lingering.get(key);
    if (!t) return false;
    ctx.clock.clearTimeout(t);
    lingering.delete(key);
    return true;
  };
  return {
    join(channel, uid, role) {
      const ch = ctx.rtcChannel(channel);
      if (resume(keyOf(channel, uid))) ch.setRole(uid, role);
      else ch.join(uid, role);
    },
    leave(channel, uid, reason) {
      const ch = ctx.rtcChannel(channel);
      const key = keyOf(channel, uid);
      if (reason === 'quit') {
        resume(key);
        ch.leave(uid, 'quit');
      } else if (!lingering.has(key)) {
        lingering.set(
          key,
          ctx.clock.setTimeout(() => {
            lingering.delete(key);
            ch.leave(uid, 'timeout');
          }, RTC_SERVER_TIMEOUT_MS),
        );
      }
    },
    setRole: (channel, uid, role) => ctx.rtcChannel(channel).setRole(uid, role),
  };
}
