import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Per-process key: the digests compared below are never predictable from outside. */
const KEY = randomBytes(32);

function digest(value: string): Buffer {
  return createHmac('sha256', KEY).update(value).digest();
}

/**
 * Compares a secret a client sent with the expected one in constant time,
 * without leaking its length: both sides are HMACed first, so
 * `timingSafeEqual` always sees two 32-byte digests.
 */
export function secretEquals(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The credentials of an `Authorization: Bearer <x>` header; the scheme is case-insensitive (RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}
