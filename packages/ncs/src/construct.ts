import type { NcsNotice } from './events';
import type { HeaderSource } from './headers';
import { parseNcsNotice } from './parse';
import { verifyNcsSignature, type VerifyOptions } from './signature';

/**
 * Verifies a delivery's signature over the raw body, then parses it: the one
 * call a receiver needs (like Stripe's `constructEvent`). Throws
 * {@link NcsError} with code `SIGNATURE_MISSING`, `SIGNATURE_INVALID`,
 * `MALFORMED_JSON` or `MALFORMED_EVENT`.
 *
 * @example
 * const notice = constructNcsEvent(rawBody, req.headers, { secrets: process.env.NCS_SECRET! });
 * if (notice.status === 'event' && notice.event.kind === 'join') console.log(notice.event.uid);
 */
export function constructNcsEvent(
  body: string | Uint8Array,
  headers: HeaderSource,
  options: VerifyOptions,
): NcsNotice {
  verifyNcsSignature(body, headers, options);
  return parseNcsNotice(body);
}
