import { describe, expect, it } from 'vitest';
import type { ChannelPresence, PresenceMember } from '@audience-presence/ncs';
import { decodeCursor, encodeCursor, pageOf, parseLimit } from '../src/presence-page';

function member(uid: number, role: 'host' | 'audience'): PresenceMember {
  return { uid, role, platform: 'web', joinedAt: 1_700_000_000_000 - uid };
}

function presence(hosts: number[], audience: number[]): ChannelPresence {
  return {
    channelName: 'c',
    hosts: hosts.map((uid) => member(uid, 'host')),
    audience: audience.map((uid) => member(uid, 'audience')),
    counts: { hosts: hosts.length, audience: audience.length },
    lastEventId: 0,
  };
}

/** Walks every page with `limit`, returning the uids in order. */
function walk(p: ChannelPresence, limit: number): number[] {
  const uids: number[] = [];
  let cursor: string | null = null;
  do {
    const page = pageOf(p, limit, cursor === null ? undefined : decodeCursor(cursor));
    uids.push(...page.hosts.map((m) => m.uid), ...page.audience.map((m) => m.uid));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return uids;
}

describe('pageOf', () => {
  it('orders hosts then audience, each by uid, whatever the join order', () => {
    const p = presence([30, 10], [5, 4_000_000_000, 1]);
    for (const limit of [1, 2, 3, 4, 5, 6]) {
      expect(walk(p, limit)).toEqual([10, 30, 1, 5, 4_000_000_000]);
    }
  });

  it('ends with a null cursor exactly on the last page, also when the hosts fill it', () => {
    expect(pageOf(presence([1, 2], []), 2, undefined).nextCursor).toBeNull();
    expect(pageOf(presence([1, 2], [3]), 2, undefined).nextCursor).not.toBeNull();
    expect(pageOf(presence([], []), 5, undefined)).toMatchObject({
      hosts: [],
      audience: [],
      nextCursor: null,
    });
  });

  it('continues after the cursor key even when that member is gone', () => {
    const cursor = decodeCursor(encodeCursor({ host: false, uid: 3 }));
    expect(pageOf(presence([9], [1, 2, 4, 5]), 10, cursor).audience.map((m) => m.uid)).toEqual([
      4, 5,
    ]);
  });

  it('refuses cursors it never issued and limits outside 1..5000', () => {
    for (const bad of [
      '',
      '!!',
      Buffer.from('h-1').toString('base64url'),
      Buffer.from('a4294967296').toString('base64url'),
      Buffer.from('a01').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(
        expect.objectContaining({ code: 'BAD_CURSOR', status: 400 }),
      );
    }
    expect(parseLimit(undefined)).toBe(500);
    expect(parseLimit('5000')).toBe(5000);
    for (const bad of ['0', '5001', '-1', '1.5', ' 5', '']) {
      expect(() => parseLimit(bad)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    }
  });
});
