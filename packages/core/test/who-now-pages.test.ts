import { describe, expect, it } from 'vitest';
import type { WhoNowResponse } from 'agora-rtm-sdk';
import { linkFailureCode } from '../src/sources/rtm/rtm-link-failure';
import { fetchWhoNowPages } from '../src/sources/rtm/who-now-pages';

const direct = (call: () => Promise<WhoNowResponse>) => call();

function pagedPresence(
  pages: Record<string, Partial<WhoNowResponse>>,
  statePages: Record<string, Partial<WhoNowResponse>> = pages,
) {
  const asked: string[] = [];
  return {
    asked,
    presence: {
      whoNow: (
        _channel: string,
        _type: string,
        options?: { page?: string; includedState?: boolean },
      ) => {
        const key = options?.page ?? '';
        asked.push(`${options?.includedState ? 'states' : 'ids'}:${key}`);
        return Promise.resolve(
          (options?.includedState ? statePages : pages)[key] as WhoNowResponse,
        );
      },
    } as never,
  };
}

describe('fetchWhoNowPages', () => {
  it('follows nextPage until empty in both listings and keeps the larger total', async () => {
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
    expect(asked.sort()).toEqual(['ids:', 'ids:p2', 'states:', 'states:p2']);
    expect(result).toEqual({
      rows: [
        { userId: 'a', state: { role: 'host' } },
        { userId: 'b', state: {} },
      ],
      total: 1,
      partial: false,
    });
  });

  it('survives the possible SDK bug: a state listing that ends early loses nobody', async () => {
    const ids: Record<string, Partial<WhoNowResponse>> = {
      '': {
        occupants: [
          { userId: 'a', states: {}, statesCount: 0 },
          { userId: 'b', states: {}, statesCount: 0 },
        ],
        nextPage: 'p2',
        totalOccupancy: 2,
      },
      p2: { occupants: [{ userId: 'c', states: {}, statesCount: 0 }], nextPage: '' },
    };
    const states: Record<string, Partial<WhoNowResponse>> = {
      '': {
        occupants: [
          { userId: 'a', states: { role: 'host' }, statesCount: 1 },
          { userId: 'b', states: { hand: 'up' }, statesCount: 1 },
        ],
        nextPage: '', // cut short: c's page never comes
        totalOccupancy: 2,
      },
    };
    const { presence } = pagedPresence(ids, states);
    const result = await fetchWhoNowPages(presence, 'live', direct);
    expect(result.rows).toEqual([
      { userId: 'a', state: { role: 'host' } },
      { userId: 'b', state: { hand: 'up' } },
      { userId: 'c' }, // here, state unknown: the snapshot keeps what was known
    ]);
  });

  it('keeps someone only the state listing saw (joined between the listings)', async () => {
    const { presence } = pagedPresence(
      { '': { occupants: [{ userId: 'a', states: {}, statesCount: 0 }], nextPage: '' } },
      {
        '': {
          occupants: [
            { userId: 'a', states: {}, statesCount: 0 },
            { userId: 'late', states: { k: 'v' }, statesCount: 1 },
          ],
          nextPage: '',
        },
      },
    );
    expect((await fetchWhoNowPages(presence, 'live', direct)).rows).toEqual([
      { userId: 'a', state: {} },
      { userId: 'late', state: { k: 'v' } },
    ]);
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
    expect(asked.sort()).toEqual(['ids:', 'ids:loop', 'states:', 'states:loop']);
    expect(result).toEqual({
      rows: [{ userId: 'a', state: { ok: 'y' } }],
      total: 10,
      partial: false,
    });
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
