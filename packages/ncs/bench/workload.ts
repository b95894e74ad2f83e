import { signNcsBody } from '../src/index';

/** One signed delivery and what it means for the expected final state. */
export interface Delivery {
  readonly body: string;
  readonly signature: string;
  readonly channelName: string;
  readonly uid: number;
  readonly seq: number;
  /** online role after this event, or null for a leave */
  readonly after: 'host' | 'audience' | null;
}

/**
 * Per-user join / role change / leave sequences over several channels, shuffled
 * within small windows so concurrent connections deliver each user's events
 * out of order, as NCS does.
 */
export function buildWorkload(users: number, channels: number, secret: string): Delivery[] {
  const out: Delivery[] = [];
  // Event times inside the stats window (the last 24 h), joins spread over an
  // hour, 20 s per step of a user: the stats do their real work, not a cut-off.
  const base = Math.floor(Date.now() / 1000) - 2 * 3600;
  let start = base;
  let rng = 0x9e3779b9;
  const random = (): number => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 0x1_0000_0000;
  };
  const make = (
    eventType: number,
    channelName: string,
    uid: number,
    seq: number,
    after: Delivery['after'],
  ): void => {
    const payload: Record<string, unknown> = {
      channelName,
      uid,
      clientSeq: seq,
      platform: 7,
      ts: start + seq * 20,
    };
    if (eventType === 104 || eventType === 106) Object.assign(payload, { reason: 1, duration: 30 });
    const body = JSON.stringify({
      noticeId: `${channelName}:${uid}:${seq}`,
      productId: 1,
      eventType,
      notifyMs: 1_700_000_000_000 + out.length,
      payload,
    });
    out.push({ body, signature: signNcsBody(body, secret), channelName, uid, seq, after });
  };
  for (let i = 0; i < users; i += 1) {
    const uid = 2_000_000_000 + i * 7; // many above 2^31
    start = base + Math.floor((i * 3600) / users);
    const channelName = `bench-${i % channels}`;
    const host = random() < 0.05;
    make(host ? 103 : 105, channelName, uid, 1, host ? 'host' : 'audience');
    let seq = 1;
    if (random() < 0.1) {
      seq += 1;
      make(host ? 112 : 111, channelName, uid, seq, host ? 'audience' : 'host');
    }
    if (random() < 0.5) make(host ? 104 : 106, channelName, uid, seq + 1, null);
  }
  // Shuffle within windows of 256: late and early deliveries, no global reorder.
  for (let start = 0; start < out.length; start += 256) {
    const end = Math.min(out.length, start + 256);
    for (let i = end - 1; i > start; i -= 1) {
      const j = start + Math.floor(random() * (i - start + 1));
      [out[i], out[j]] = [out[j] as Delivery, out[i] as Delivery];
    }
  }
  return out;
}

/** The final presence the delivered events must produce: per user, the event with the highest seq wins. */
export function expectedState(
  delivered: Iterable<Delivery>,
): Map<string, Map<number, 'host' | 'audience'>> {
  const last = new Map<string, Delivery>();
  for (const d of delivered) {
    const key = `${d.channelName}\n${d.uid}`;
    const prev = last.get(key);
    if (!prev || d.seq > prev.seq) last.set(key, d);
  }
  const state = new Map<string, Map<number, 'host' | 'audience'>>();
  for (const d of last.values()) {
    if (d.after === null) continue;
    let channel = state.get(d.channelName);
    if (!channel) state.set(d.channelName, (channel = new Map()));
    channel.set(d.uid, d.after);
  }
  return state;
}
