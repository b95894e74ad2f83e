import { createHmac, timingSafeEqual } from 'node:crypto';
import { NcsError } from './errors';
import { readHeader, type HeaderSource } from './headers';

/** Which NCS signature header to compute: `sha256` = `Agora-Signature-V2`, `sha1` = `Agora-Signature`. */
export type NcsSignatureAlgorithm = 'sha256' | 'sha1';

/** Options for {@link verifyNcsSignature}. */
export interface VerifyOptions {
  /** The NCS secret(s) from the Agora Console. Several are accepted at once while rotating. */
  readonly secrets: string | readonly string[];
  /**
   * Also accept the older HMAC-SHA1 `Agora-Signature` header when no V2 header
   * is present. Off by default: SHA-1 is weaker and NCS always sends V2.
   */
  readonly allowSha1?: boolean;
}

const V2_HEADER = 'agora-signature-v2';
const V1_HEADER = 'agora-signature';

/**
 * Computes the lower-case hex HMAC of the raw body bytes, exactly as NCS signs
 * them (docs/agora-behaviour.md §3). Useful to sign test deliveries.
 */
export function signNcsBody(
  body: string | Uint8Array,
  secret: string,
  algorithm: NcsSignatureAlgorithm = 'sha256',
): string {
  return createHmac(algorithm, secret).update(body).digest('hex');
}

/** Normalises the `secrets` option and rejects an empty configuration. */
export function normaliseSecrets(secrets: string | readonly string[]): readonly string[] {
  const list = (typeof secrets === 'string' ? [secrets] : secrets).filter((s) => s.length > 0);
  if (list.length === 0) {
    throw new NcsError('INVALID_CONFIG', 'At least one non-empty NCS secret is required.');
  }
  return list;
}

/**
 * Exactly one digest's worth of hex: 32 bytes (64 chars) for SHA-256, 20 (40)
 * for SHA-1. Anything else, an odd length included (Buffer.from(hex) would
 * silently drop the last nibble), is a wrong signature.
 */
const DIGEST_HEX: Record<NcsSignatureAlgorithm, RegExp> = {
  sha256: /^[0-9a-fA-F]{64}$/,
  sha1: /^[0-9a-fA-F]{40}$/,
};

function matches(
  body: string | Uint8Array,
  secret: string,
  algorithm: NcsSignatureAlgorithm,
  given: Buffer,
): boolean {
  // Compare raw digests of equal length: timingSafeEqual throws otherwise, and
  // a length mismatch is simply "no match".
  const expected = createHmac(algorithm, secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks the NCS signature of a delivery against the RAW body bytes (never
 * re-serialised JSON). Tries every configured secret in constant time each.
 * Throws {@link NcsError} `SIGNATURE_MISSING` or `SIGNATURE_INVALID`.
 */
export function verifyNcsSignature(
  body: string | Uint8Array,
  headers: HeaderSource,
  options: VerifyOptions,
): void {
  const secrets = normaliseSecrets(options.secrets);
  const v2 = readHeader(headers, V2_HEADER)?.trim();
  const v1 = options.allowSha1 === true ? readHeader(headers, V1_HEADER)?.trim() : undefined;
  const [signature, algorithm]: [string | undefined, NcsSignatureAlgorithm] = v2
    ? [v2, 'sha256']
    : [v1, 'sha1'];
  if (!signature) {
    throw new NcsError(
      'SIGNATURE_MISSING',
      options.allowSha1 === true
        ? 'Missing Agora-Signature-V2 (or Agora-Signature) header.'
        : 'Missing Agora-Signature-V2 header.',
    );
  }
  // Compared as raw digest bytes in constant time (timingSafeEqual); a malformed header never matches.
  const given = DIGEST_HEX[algorithm].test(signature)
    ? Buffer.from(signature, 'hex')
    : Buffer.alloc(0);
  let ok = false;
  // No early exit: every secret is checked, so timing does not reveal which one matched.
  for (const secret of secrets) {
    if (matches(body, secret, algorithm, given)) ok = true;
  }
  if (!ok) {
    throw new NcsError(
      'SIGNATURE_INVALID',
      'The NCS signature does not match any configured secret.',
    );
  }
}
