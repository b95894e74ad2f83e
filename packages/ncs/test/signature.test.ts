import { describe, expect, it } from 'vitest';
import { NcsError, signNcsBody, verifyNcsSignature } from '../src/index';

// Agora's published test vector (agora-notes.md §3).
const VECTOR_BODY =
  '{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}';
const VECTOR_SHA1 = '033c62f40f687675f17f0f41f91a40c71c0f134c';
const VECTOR_SHA256 = '6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(NcsError);
    return (error as NcsError).code;
  }
}

describe('signNcsBody', () => {
  it("reproduces Agora's published test vector", () => {
    expect(signNcsBody(VECTOR_BODY, 'secret')).toBe(VECTOR_SHA256);
    expect(signNcsBody(VECTOR_BODY, 'secret', 'sha1')).toBe(VECTOR_SHA1);
    expect(signNcsBody(new TextEncoder().encode(VECTOR_BODY), 'secret')).toBe(VECTOR_SHA256);
  });
});

describe('verifyNcsSignature', () => {
  const v2 = { 'agora-signature-v2': VECTOR_SHA256 };

  it('accepts the test vector, from a plain record or a fetch Headers', () => {
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, v2, { secrets: 'secret' })),
    ).toBeUndefined();
    expect(
      codeOf(() =>
        verifyNcsSignature(VECTOR_BODY, new Headers({ 'Agora-Signature-V2': VECTOR_SHA256 }), {
          secrets: 'secret',
        }),
      ),
    ).toBeUndefined();
  });

  it('accepts upper-case hex (hex is case-insensitive)', () => {
    const upper = { 'agora-signature-v2': VECTOR_SHA256.toUpperCase() };
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, upper, { secrets: 'secret' })),
    ).toBeUndefined();
  });

  it('rejects a tampered body, even one that re-serialises to the same JSON', () => {
    expect(
      codeOf(() =>
        verifyNcsSignature(VECTOR_BODY.replace('"b":2', '"b":3'), v2, { secrets: 'secret' }),
      ),
    ).toBe('SIGNATURE_INVALID');
    const reserialised = JSON.stringify(JSON.parse(VECTOR_BODY), null, 1);
    expect(codeOf(() => verifyNcsSignature(reserialised, v2, { secrets: 'secret' }))).toBe(
      'SIGNATURE_INVALID',
    );
  });

  it('rejects a wrong secret, a truncated or non-hex signature, and a missing header', () => {
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, v2, { secrets: 'other' }))).toBe(
      'SIGNATURE_INVALID',
    );
    const short = { 'agora-signature-v2': VECTOR_SHA256.slice(0, 62) };
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, short, { secrets: 'secret' }))).toBe(
      'SIGNATURE_INVALID',
    );
    const junk = { 'agora-signature-v2': 'z'.repeat(64) };
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, junk, { secrets: 'secret' }))).toBe(
      'SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, {}, { secrets: 'secret' }))).toBe(
      'SIGNATURE_MISSING',
    );
  });

  it('requires exactly 64 hex chars for V2 and 40 for SHA1: a valid signature plus anything is refused', () => {
    const variants = [
      VECTOR_SHA256 + '0', // odd length: Buffer.from(hex) would drop the last nibble
      VECTOR_SHA256 + 'f',
      VECTOR_SHA256 + 'zz', // trailing non-hex
      VECTOR_SHA256 + VECTOR_SHA256,
      `${VECTOR_SHA256.slice(0, 63)}`,
      `0x${VECTOR_SHA256}`,
      `${VECTOR_SHA256.slice(0, 32)} ${VECTOR_SHA256.slice(32)}`,
    ];
    for (const signature of variants) {
      expect(
        codeOf(() =>
          verifyNcsSignature(
            VECTOR_BODY,
            { 'agora-signature-v2': signature },
            { secrets: 'secret' },
          ),
        ),
      ).toBe('SIGNATURE_INVALID');
    }
    for (const signature of [VECTOR_SHA1 + '0', VECTOR_SHA1 + 'a', VECTOR_SHA256]) {
      expect(
        codeOf(() =>
          verifyNcsSignature(
            VECTOR_BODY,
            { 'agora-signature': signature },
            { secrets: 'secret', allowSha1: true },
          ),
        ),
      ).toBe('SIGNATURE_INVALID');
    }
  });

  it('accepts any of several secrets during rotation', () => {
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, v2, { secrets: ['new-secret', 'secret'] })),
    ).toBeUndefined();
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, v2, { secrets: ['new-secret', 'older'] })),
    ).toBe('SIGNATURE_INVALID');
  });

  it('uses the SHA1 header only when enabled', () => {
    const v1 = { 'agora-signature': VECTOR_SHA1 };
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, v1, { secrets: 'secret' }))).toBe(
      'SIGNATURE_MISSING',
    );
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, v1, { secrets: 'secret', allowSha1: true })),
    ).toBeUndefined();
    const badV1 = { 'agora-signature': VECTOR_SHA1.replace('0', '1') };
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, badV1, { secrets: 'secret', allowSha1: true })),
    ).toBe('SIGNATURE_INVALID');
  });

  it('prefers V2 over SHA1 when both are sent: a bad V2 is not rescued by a good SHA1', () => {
    const both = { 'agora-signature-v2': '00'.repeat(32), 'agora-signature': VECTOR_SHA1 };
    expect(
      codeOf(() => verifyNcsSignature(VECTOR_BODY, both, { secrets: 'secret', allowSha1: true })),
    ).toBe('SIGNATURE_INVALID');
  });

  it('refuses a configuration without a secret', () => {
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, v2, { secrets: [] }))).toBe(
      'INVALID_CONFIG',
    );
    expect(codeOf(() => verifyNcsSignature(VECTOR_BODY, v2, { secrets: '' }))).toBe(
      'INVALID_CONFIG',
    );
  });
});
