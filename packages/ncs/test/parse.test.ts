import { describe, expect, it } from 'vitest';
import { NcsError, constructNcsEvent, parseNcsNotice, signNcsBody } from '../src/index';
import { noticeBody } from './helpers/fixtures';

function errorCode(body: string | Uint8Array): string {
  try {
    parseNcsNotice(body);
  } catch (error) {
    expect(error).toBeInstanceOf(NcsError);
    return (error as NcsError).code;
  }
  throw new Error('expected parseNcsNotice to throw');
}

describe('parseNcsNotice', () => {
  it('parses an audience join into a typed event, tolerating unknown fields', () => {
    const body = JSON.stringify({
      noticeId: 'n1',
      productId: 1,
      eventType: 105,
      notifyMs: 1611566412672,
      sid: 'abc',
      futureField: { nested: true },
      payload: {
        channelName: 'stage',
        uid: 4_000_000_000,
        platform: 7,
        clientSeq: Number.MAX_SAFE_INTEGER,
        ts: 1611566412,
        account: 'ana',
        extra: 1,
      },
    });
    expect(parseNcsNotice(body)).toEqual({
      status: 'event',
      event: {
        kind: 'join',
        eventType: 105,
        role: 'audience',
        noticeId: 'n1',
        productId: 1,
        notifyMs: 1611566412672,
        sid: 'abc',
        channelName: 'stage',
        ts: 1611566412,
        uid: 4_000_000_000,
        clientSeq: Number.MAX_SAFE_INTEGER,
        account: 'ana',
        platform: 7,
        platformName: 'web',
      },
    });
  });

  it('maps every RTC type to its kind and role', () => {
    const kinds = [101, 102, 103, 104, 105, 106, 107, 108, 111, 112].map((eventType) => {
      const notice = parseNcsNotice(
        noticeBody({ eventType, payload: { uid: 1, clientSeq: 1, platform: 1, reason: 2 } }),
      );
      if (notice.status !== 'event') throw new Error('expected an event');
      const e = notice.event;
      return [eventType, e.kind, 'role' in e ? e.role : null];
    });
    expect(kinds).toEqual([
      [101, 'channel-created', null],
      [102, 'channel-destroyed', null],
      [103, 'join', 'host'],
      [104, 'leave', 'host'],
      [105, 'join', 'audience'],
      [106, 'leave', 'audience'],
      [107, 'join', 'host'],
      [108, 'leave', 'host'],
      [111, 'role-change', 'host'],
      [112, 'role-change', 'audience'],
    ]);
  });

  it('keeps leave reasons with their names', () => {
    const names = [1, 2, 3, 4, 5, 9, 10, 12, 99, 999, 0, 77].map((reason) => {
      const notice = parseNcsNotice(
        noticeBody({ eventType: 106, payload: { uid: 1, clientSeq: 1, platform: 2, reason } }),
      );
      return notice.status === 'event' && notice.event.kind === 'leave'
        ? [notice.event.reason, notice.event.reasonName]
        : null;
    });
    expect(names).toEqual([
      [1, 'quit'],
      [2, 'timeout'],
      [3, 'kicked'],
      [4, 'load-balancing'],
      [5, 'new-device'],
      [9, 'multiple-ips'],
      [10, 'network-trouble'],
      [12, 'token-error'],
      [99, 'unknown-network'],
      [999, 'abnormal-user'],
      [0, 'other'],
      [77, 'other'],
    ]);
  });

  it('ignores other products, even with RTC-looking event types, and unknown RTC types', () => {
    expect(parseNcsNotice(noticeBody({ eventType: 101, productId: 17, noticeId: 'ai' }))).toEqual({
      status: 'ignored',
      reason: 'other-product',
      noticeId: 'ai',
      productId: 17,
      eventType: 101,
    });
    expect(parseNcsNotice(noticeBody({ eventType: 109 }))).toMatchObject({
      status: 'ignored',
      reason: 'unknown-event-type',
    });
    // an unknown type is ignored even when its payload would be malformed for us
    expect(parseNcsNotice('{"noticeId":"x","productId":1,"eventType":150}')).toMatchObject({
      status: 'ignored',
    });
  });

  it("acknowledges and ignores the Console's test deliveries", () => {
    const byChannel = noticeBody({
      eventType: 103,
      payload: { channelName: 'test_webhook', uid: 5, clientSeq: 1 },
    });
    const byUid = noticeBody({
      eventType: 105,
      payload: { uid: 12121212, clientSeq: 1, platform: 7 },
    });
    expect(parseNcsNotice(byChannel)).toMatchObject({ status: 'ignored', reason: 'test-event' });
    expect(parseNcsNotice(byUid)).toMatchObject({ status: 'ignored', reason: 'test-event' });
  });

  it('gives MALFORMED_JSON for bodies that are not a JSON object', () => {
    expect(errorCode('not json')).toBe('MALFORMED_JSON');
    expect(errorCode('[1,2]')).toBe('MALFORMED_JSON');
    expect(errorCode('null')).toBe('MALFORMED_JSON');
    expect(errorCode(new Uint8Array([0xff, 0xfe, 0x7b]))).toBe('MALFORMED_JSON');
  });

  it('gives MALFORMED_EVENT for missing or wrongly typed fields', () => {
    expect(errorCode('{"productId":1,"eventType":103}')).toBe('MALFORMED_EVENT');
    expect(errorCode('{"noticeId":"x","productId":"1","eventType":103}')).toBe('MALFORMED_EVENT');
    expect(errorCode('{"noticeId":"x","productId":1,"eventType":103}')).toBe('MALFORMED_EVENT');
    const join = (payload: Record<string, unknown>) => noticeBody({ eventType: 103, payload });
    expect(errorCode(join({ uid: 1 }))).toBe('MALFORMED_EVENT'); // no clientSeq
    expect(errorCode(join({ uid: -1, clientSeq: 1 }))).toBe('MALFORMED_EVENT');
    expect(errorCode(join({ uid: 2 ** 32, clientSeq: 1 }))).toBe('MALFORMED_EVENT');
    expect(errorCode(join({ uid: 1.5, clientSeq: 1 }))).toBe('MALFORMED_EVENT');
    expect(errorCode(join({ uid: '1', clientSeq: 1 }))).toBe('MALFORMED_EVENT');
    expect(errorCode(join({ uid: 1, clientSeq: 2 ** 53 + 2 }))).toBe('MALFORMED_EVENT');
    expect(errorCode(join({ uid: 1, clientSeq: 1, channelName: '' }))).toBe('MALFORMED_EVENT');
    expect(errorCode(join({ uid: 1, clientSeq: 1, ts: 'now' }))).toBe('MALFORMED_EVENT');
  });
});

describe('range checks at parse time (nothing out of range reaches a store)', () => {
  const user = (payload: Record<string, unknown>, eventType = 105) =>
    noticeBody({ eventType, payload: { uid: 1, clientSeq: 1, platform: 7, ...payload } });
  const messageOf = (body: string): string => {
    try {
      parseNcsNotice(body);
    } catch (error) {
      expect(error).toMatchObject({ code: 'MALFORMED_EVENT' });
      return (error as Error).message;
    }
    throw new Error(`accepted: ${body}`);
  };

  it('refuses a ts that is not whole Unix seconds up to 2^32 (ts: 1e306 would be stored as Infinity ms)', () => {
    for (const ts of [1e306, 2 ** 32 + 1, -1, 1.5, 1_700_000_000_000_000]) {
      expect(messageOf(user({ ts }))).toMatch(/payload\.ts must be/);
      expect(
        messageOf(noticeBody({ eventType: 102, payload: { channelName: 'stage', ts } })),
      ).toMatch(/payload\.ts/);
    }
    expect(parseNcsNotice(user({ ts: 0 }))).toMatchObject({ status: 'event' });
    expect(parseNcsNotice(user({ ts: 2 ** 32 }))).toMatchObject({ status: 'event' });
  });

  it('refuses a clientSeq that is not a non-negative safe integer, and uids outside 0..2^32-1', () => {
    for (const clientSeq of [2 ** 53, 1e306, -1, 0.5]) {
      expect(messageOf(user({ clientSeq }))).toMatch(/clientSeq/);
    }
    expect(parseNcsNotice(user({ clientSeq: Number.MAX_SAFE_INTEGER }))).toMatchObject({
      status: 'event',
      event: { clientSeq: Number.MAX_SAFE_INTEGER },
    });
    for (const uid of [2 ** 32, -1, 1e306, 0.5]) expect(messageOf(user({ uid }))).toMatch(/uid/);
  });

  it('refuses non-integer eventType / productId, a notifyMs out of range, and odd codes', () => {
    const base = { noticeId: 'n', payload: { channelName: 'stage', ts: 1 } };
    for (const [key, value] of [
      ['eventType', 105.5],
      ['productId', 1.5],
      ['productId', -1],
      ['notifyMs', -5],
      ['notifyMs', 1e306],
    ] as const) {
      const body = JSON.stringify({ productId: 1, eventType: 101, ...base, [key]: value });
      expect(messageOf(body)).toMatch(new RegExp(`body\\.${key} must be`));
    }
    expect(messageOf(user({ platform: 1e306 }))).toMatch(/platform/);
    expect(messageOf(user({ platform: -1 }))).toMatch(/platform/);
    expect(messageOf(user({ clientType: 2.5 }))).toMatch(/clientType/);
    expect(messageOf(user({ reason: 1e306 }, 106))).toMatch(/reason/);
    expect(messageOf(user({ duration: -1 }, 106))).toMatch(/duration/);
    expect(
      messageOf(
        noticeBody({ eventType: 102, payload: { channelName: 'stage', ts: 1, lastUid: -3 } }),
      ),
    ).toMatch(/lastUid/);
  });
});

describe('constructNcsEvent', () => {
  it('verifies, then parses', () => {
    const body = noticeBody({ eventType: 103, payload: { uid: 9, clientSeq: 3, platform: 1 } });
    const notice = constructNcsEvent(
      body,
      { 'agora-signature-v2': signNcsBody(body, 's') },
      { secrets: 's' },
    );
    expect(notice).toMatchObject({
      status: 'event',
      event: { kind: 'join', uid: 9, platformName: 'android' },
    });
  });

  it('checks the signature before looking at the body', () => {
    expect(() =>
      constructNcsEvent('garbage', { 'agora-signature-v2': 'ab' }, { secrets: 's' }),
    ).toThrow(expect.objectContaining({ code: 'SIGNATURE_INVALID' }));
  });
});
