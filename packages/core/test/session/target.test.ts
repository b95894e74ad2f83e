import { describe, expect, it } from 'vitest';
import { targetFromKey, targetKey, toTarget } from '../../src/index';

describe('join targets', () => {
  it('toTarget fills the defaults', () => {
    expect(toTarget({ channel: 'c' })).toEqual({
      channel: 'c',
      role: 'audience',
      rtcUid: null,
      state: {},
    });
  });

  it('targetKey is equal for the same join whatever the state key order', () => {
    const a = toTarget({
      channel: 'c',
      role: 'host',
      rtcUid: 7,
      state: { name: 'Ana', hand: 'up' },
    });
    const b = toTarget({
      channel: 'c',
      role: 'host',
      rtcUid: 7,
      state: { hand: 'up', name: 'Ana' },
    });
    expect(targetKey(a)).toBe(targetKey(b));
  });

  it('targetKey differs when any field differs', () => {
    const base = { channel: 'c', role: 'audience', rtcUid: 7, state: { name: 'Ana' } } as const;
    const key = targetKey(toTarget(base));
    expect(targetKey(toTarget({ ...base, channel: 'd' }))).not.toBe(key);
    expect(targetKey(toTarget({ ...base, role: 'host' }))).not.toBe(key);
    expect(targetKey(toTarget({ ...base, rtcUid: 8 }))).not.toBe(key);
    expect(targetKey(toTarget({ ...base, rtcUid: '7' }))).not.toBe(key);
    expect(targetKey(toTarget({ ...base, state: { name: 'Bo' } }))).not.toBe(key);
  });

  it('targetFromKey gives back the target, state frozen', () => {
    const target = toTarget({ channel: 'c', role: 'host', rtcUid: 'u1', state: { name: 'Ana' } });
    const back = targetFromKey(targetKey(target));
    expect(back).toEqual(target);
    expect(Object.isFrozen(back.state)).toBe(true);
  });
});
