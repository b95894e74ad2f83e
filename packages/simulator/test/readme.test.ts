/** The README's quick start, run as written. */
import { expect, it } from 'vitest';
import { createSimulatedCloud, createVirtualClock } from '../src';

it('README quick start', async () => {
  const clock = createVirtualClock();
  const cloud = createSimulatedCloud({ clock });
  const rtm = new cloud.RTM('0123456789abcdef0123456789abcdef', 'alice');
  const seen: string[] = [];
  rtm.addEventListener('presence', (e) => seen.push(e.eventType));
  await rtm.login({ token: cloud.createToken() });
  await rtm.subscribe('live');
  expect(seen).toEqual(['SNAPSHOT']);

  const crowd = cloud.crowd('live');
  crowd.join(10_000);
  expect(seen.filter((t) => t === 'REMOTE_JOIN')).toHaveLength(49);
  await clock.advance(30_000);
  expect(seen.at(-1)).toBe('INTERVAL');
  expect(cloud.channel('live').occupancy()).toBe(10_001);
});
