/** The two signature headers NCS sends (docs/agora-behaviour.md §3). */
export interface NcsSignatureHeaders {
  /** Lower-case hex HMAC-SHA1 of the raw body. */
  'Agora-Signature': string;
  /** Lower-case hex HMAC-SHA256 of the raw body. */
  'Agora-Signature-V2': string;
}

const encoder = new TextEncoder();

async function hmacHex(
  hash: 'SHA-1' | 'SHA-256',
  secret: string,
  body: Uint8Array,
): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(
    await globalThis.crypto.subtle.sign('HMAC', key, body as BufferSource),
  );
  let hex = '';
  for (const b of mac) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Signs a raw NCS body the way Agora does: HMAC-SHA1 and HMAC-SHA256 of the
 * raw bytes keyed by the NCS secret, lower-case hex (docs/agora-behaviour.md §3).
 * Uses WebCrypto, so it runs in browsers and Node. Returns both headers
 * (named apart from `@audience-presence/ncs`'s `signNcsBody(body, secret, alg)`,
 * which returns one hex digest).
 */
export async function signedNcsHeaders(
  secret: string,
  rawBody: string | Uint8Array,
): Promise<NcsSignatureHeaders> {
  const bytes = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const [v1, v2] = await Promise.all([
    hmacHex('SHA-1', secret, bytes),
    hmacHex('SHA-256', secret, bytes),
  ]);
  return { 'Agora-Signature': v1, 'Agora-Signature-V2': v2 };
}
