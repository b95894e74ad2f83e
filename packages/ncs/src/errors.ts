/** Every way a webhook delivery or the presence store can fail, as a code to switch on. */
export type NcsErrorCode =
  /** neither `Agora-Signature-V2` nor (when enabled) `Agora-Signature` was sent */
  | 'SIGNATURE_MISSING'
  /** a signature was sent but matches none of the configured secrets */
  | 'SIGNATURE_INVALID'
  /** the body is larger than the configured limit (64 KB by default) */
  | 'BODY_TOO_LARGE'
  /** the body is not JSON, or not a JSON object */
  | 'MALFORMED_JSON'
  /** JSON, but a field NCS always sends is missing or has the wrong type */
  | 'MALFORMED_EVENT'
  /** the storage backend failed; the delivery was not stored and NCS should retry */
  | 'STORAGE_FAILED'
  /** the store did not settle within `storeTimeoutMs`; NCS should retry (the write may still land: the retry is then a duplicate) */
  | 'STORAGE_TIMEOUT'
  /** `store.ping()` failed: the store cannot serve right now (a readiness probe fails) */
  | 'STORE_UNAVAILABLE'
  /** an option passed to this package is not usable (no secret, bad limit, ...) */
  | 'INVALID_CONFIG'
  /** `store.stats()` on a store made with `stats: false` */
  | 'STATS_DISABLED';

/**
 * The one error type of `@audience-presence/ncs`. `code` says what failed,
 * `cause` holds the underlying error (a JSON `SyntaxError`, a Redis error, ...).
 */
export class NcsError extends Error {
  /** Always `'NcsError'`, so {@link isNcsError} recognises copies from another bundle. */
  override readonly name = 'NcsError';
  /** What failed; see {@link NcsErrorCode}. */
  readonly code: NcsErrorCode;

  constructor(code: NcsErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Type guard that also works across bundle copies (checks the name and code). */
export function isNcsError(value: unknown): value is NcsError {
  return (
    value instanceof NcsError ||
    (value instanceof Error &&
      value.name === 'NcsError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
