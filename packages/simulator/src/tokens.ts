/** Options for {@link TokenRegistry.create}. */
export interface SimulatedTokenOptions {
  /** Seconds until the token expires; omit for a token that never expires. */
  expiresInSeconds?: number;
  /** Create a token the cloud rejects as invalid (bogus or wrong certificate). */
  invalid?: boolean;
}

/** Result of checking a token at login, join or renew. */
export type TokenCheck =
  { ok: true; expiresAt: number | undefined } | { ok: false; reason: 'invalid' | 'expired' };

interface TokenInfo {
  expiresAt: number | undefined;
  invalid: boolean;
}

/**
 * Tokens the simulated cloud issued. Tokens it did not issue (and no token)
 * are accepted with no expiry unless `strict` is set, which mimics an App ID
 * with an App Certificate enabled.
 */
export class TokenRegistry {
  private readonly tokens = new Map<string, TokenInfo>();
  private next = 1;

  constructor(
    private readonly now: () => number,
    private readonly strict: boolean,
  ) {}

  /** Issues a new opaque token string. */
  create(options: SimulatedTokenOptions = {}): string {
    const { expiresInSeconds, invalid = false } = options;
    if (expiresInSeconds !== undefined && !(expiresInSeconds > 0)) {
      throw new RangeError(`expiresInSeconds must be > 0, got ${expiresInSeconds}`);
    }
    const token = `sim-token-${this.next++}-${invalid ? 'bad' : 'ok'}`;
    this.tokens.set(token, {
      invalid,
      expiresAt: expiresInSeconds === undefined ? undefined : this.now() + expiresInSeconds * 1000,
    });
    return token;
  }

  /** Checks `token` now. */
  check(token: string | null | undefined): TokenCheck {
    const info = token ? this.tokens.get(token) : undefined;
    if (!info)
      return this.strict ? { ok: false, reason: 'invalid' } : { ok: true, expiresAt: undefined };
    if (info.invalid) return { ok: false, reason: 'invalid' };
    if (info.expiresAt !== undefined && info.expiresAt <= this.now()) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, expiresAt: info.expiresAt };
  }
}
