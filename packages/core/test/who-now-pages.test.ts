import { describe, expect, it } from 'vitest';
import type { WhoNowResponse } from 'agora-rtm-sdk';
import { linkFailureCode } from '../src/rtm-link-failure';
import { fetchWhoNowPages } from '../src/who-now-pages';

const direct = (call: () => Promise<WhoNowResponse>) => call();

function pagedPresence(pages: Record<string, Partial<WhoNowResponse>>) {
  const asked: string[] = [];
  return {
    asked,
    presence: {
      whoNow: (_channel: string, _type: string, options?: { page?: string }) => {
        const key = options?.page ?? '';
        asked.push(key);
        return Promise.resolve(pages[key] as WhoNowResponse);
      },
    } as never,
  };
}

describe('fetchWhoNowPages', () => {
  it('follows nextPage until empty and keeps the larger total', async () => {
    const { presence, asked } = pagedPresence({
      '': {
        occupants: [{ userId: 'a', states: { role: 'host' }, statesCount: 1 }],
        nextPage: 'p2',
        totalOccupancy: 1,
      },
      p2: {
        occupants: [{ userId: 'b', states: {}, statesCount: 0 }],
        nextPage: '',
        totalOccupancy: 1,
      },
    });
    const result = await fetchWhoNowPages(presence, 'live', direct);
    expect(asked).toEqual(['', 'p2']);
    expect(result).toEqual({
      rows: [
        { userId: 'a', state: { role: 'host' } },
        { userId: 'b', state: {} },
      ],
      total: 1,
    });
  });

  it('stops on a repeated cursor and drops unusable rows and state values', async () => {
    const { presence, asked } = pagedPresence({
      '': {
        occupants: [
          { userId: 'a', states: { n: 5 as unknown as string, ok: 'y' }, statesCount: 2 },
          { userId: '', states: {}, statesCount: 0 },
          null as never,
        ],
        nextPage: 'loop',
        totalOccupancy: 10,
      },
      loop: { occupants: [], nextPage: 'loop', totalOccupancy: 10 },
    });
    const result = await fetchWhoNowPages(presence, 'live', direct);
    expect(asked).toEqual(['', 'loop']);
    expect(result).toEqual({ rows: [{ userId: 'a', state: { ok: 'y' } }], total: 10 });
  });

  it('rejects a bad answer with RTM_RESYNC_FAILED', async () => {
    const { presence } = pagedPresence({ '': { nextPage: '' } });
    await expect(fetchWhoNowPages(presence, 'live', direct)).rejects.toMatchObject({
      code: 'RTM_RESYNC_FAILED',
    });
  });
});

describe('linkFailureCode', () => {
  it('maps FAILED reason codes to actionable errors', () => {
    expect(linkFailureCode('SAME_UID_LOGIN')).toBe('RTM_SAME_UID_LOGIN');
    expect(linkFailureCode('KICKED_OUT_BY_SERVER')).toBe('RTM_KICKED');
    expect(linkFailureCode('TOKEN_EXPIRED')).toBe('TOKEN_EXPIRED');
    expect(linkFailureCode('INVALID_TOKEN')).toBe('TOKEN_INVALID');
    expect(linkFailureCode('LOGIN_REJECTED')).toBe('RTM_LOGIN_FAILED');
    expect(linkFailureCode('SOMETHING_NEW')).toBe('RTM_CONNECTION_FAILED');
  });
});
