import { readFileSync } from 'node:fs';
import { ServerError } from './errors';

/** How POST /token decides who may have a token (see token-auth.ts). */
export type TokenAuthConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'insecure-dev' }
  | {
      readonly kind: 'jwt';
      /** HS256 shared secret, or a JWKS URL for asymmetric keys */
      readonly key: { readonly secret: string } | { readonly jwksUrl: string };
      readonly issuer: string | undefined;
      readonly audience: string | undefined;
    };

/** Everything the server reads from its environment (README: "Environment"). */
export interface ServerConfig {
  /** NCS secrets; several (comma-separated in NCS_SECRET) while rotating */
  readonly ncsSecrets: readonly string[];
  readonly host: string;
  readonly port: number;
  /** Redis URL; in-memory storage when absent */
  readonly redisUrl: string | undefined;
  /** bearer token the read endpoints require; open when absent */
  readonly readToken: string | undefined;
  /** enables POST /token when both are set (and token auth is configured) */
  readonly agora: { readonly appId: string; readonly appCertificate: string } | undefined;
  readonly tokenAuth: TokenAuthConfig;
  /** seconds; the longest Agora token POST /token issues */
  readonly tokenMaxExpiresIn: number;
  /** exact origins allowed by CORS; none by default */
  readonly corsOrigins: readonly string[];
  /** Fastify's trustProxy: which hops' X-Forwarded-For to believe for the client IP */
  readonly trustProxy: boolean | number | readonly string[];
  /** requests per minute per client IP; 0 turns the limit off */
  readonly rateLimit: { readonly reads: number; readonly token: number };
  readonly sse: {
    readonly maxStreams: number;
    readonly maxStreamsPerIp: number;
    /** unsent bytes one stream may queue before its client is dropped */
    readonly maxBufferBytes: number;
    /** ms a stream may have unsent data without the socket draining */
    readonly stallMs: number;
  };
  /** ms (read from seconds) */
  readonly timeouts: {
    readonly headers: number;
    readonly request: number;
    readonly keepAlive: number;
    readonly connection: number;
  };
  /** largest /ncs body, bytes */
  readonly bodyLimit: number;
  /** ms a stalled store may hold a delivery before it is answered 503 */
  readonly storeTimeoutMs: number;
  /** bearer token for GET /metrics; loopback-only without it */
  readonly metricsToken: string | undefined;
  readonly logLevel: string;
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function invalid(message: string): ServerError {
  return new ServerError('INVALID_CONFIG', message);
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = optional(env[name]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw invalid(`${name} must be an integer between ${min} and ${max}, got "${text}".`);
  }
  return value;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The soft limit on open files (Linux /proc/self/limits), or undefined elsewhere.
 * Every SSE stream holds a socket: the default stream cap leaves half the
 * descriptors for webhooks, Redis and the rest.
 */
function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line?.[1] === undefined ? undefined : Number(line[1]);
  } catch {
    return undefined;
  }
}

/** Default global SSE cap: half of the descriptors above a reserve, between 16 and 10,000. */
export function defaultMaxStreams(fileLimit: number | undefined): number {
  if (fileLimit === undefined) return 1000;
  return Math.max(16, Math.min(10_000, Math.floor((fileLimit - 128) / 2)));
}

function tokenAuth(env: NodeJS.ProcessEnv): TokenAuthConfig {
  const mode = optional(env['TOKEN_AUTH']);
  const secret = optional(env['TOKEN_JWT_SECRET']);
  const jwksUrl = optional(env['TOKEN_JWKS_URL']);
  if (mode !== undefined && mode !== 'insecure-dev' && mode !== 'jwt') {
    throw invalid(`TOKEN_AUTH must be "jwt" or "insecure-dev", got "${mode}".`);
  }
  if (mode === 'insecure-dev') {
    if (secret || jwksUrl) {
      throw invalid(
        'TOKEN_AUTH=insecure-dev cannot be combined with TOKEN_JWT_SECRET / TOKEN_JWKS_URL.',
      );
    }
    return { kind: 'insecure-dev' };
  }
  if (secret && jwksUrl) throw invalid('Set TOKEN_JWT_SECRET or TOKEN_JWKS_URL, not both.');
  if (!secret && !jwksUrl) {
    if (mode === 'jwt') throw invalid('TOKEN_AUTH=jwt needs TOKEN_JWT_SECRET or TOKEN_JWKS_URL.');
    return { kind: 'none' };
  }
  if (secret && Buffer.byteLength(secret) < 32) {
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash (32 bytes).
    throw invalid('TOKEN_JWT_SECRET must be at least 32 bytes (RFC 7518 §3.2).');
  }
  if (jwksUrl) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw invalid(`TOKEN_JWKS_URL is not a URL: "${jwksUrl}".`);
    }
    if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      throw invalid('TOKEN_JWKS_URL must use https (plain http only on localhost).');
    }
  }
  return {
    kind: 'jwt',
    key: secret ? { secret } : { jwksUrl: jwksUrl as string },
    issuer: optional(env['TOKEN_JWT_ISSUER']),
    audience: optional(env['TOKEN_JWT_AUDIENCE']),
  };
}

function trustProxy(value: string | undefined): boolean | number | readonly string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return list(value);
}

function corsOrigins(value: string | undefined): string[] {
  const origins = list(value);
  for (const origin of origins) {
    if (origin === '*') throw invalid('CORS_ORIGINS cannot be "*": list the exact origins.');
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw invalid(`CORS_ORIGINS entry is not an origin: "${origin}".`);
    }
    if (parsed.origin !== origin) {
      throw invalid(
        `CORS_ORIGINS entries are origins like "https://app.example.com", got "${origin}".`,
      );
    }
  }
  return origins;
}

/** Reads and checks the environment; throws {@link ServerError} `INVALID_CONFIG` with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const ncsSecrets = list(env['NCS_SECRET']);
  if (ncsSecrets.length === 0) {
    throw invalid(
      'NCS_SECRET is required: set it to the secret shown in the Agora Console (Notifications), ' +
        'comma-separated to accept several while rotating. Refusing to start without it.',
    );
  }
  const port = integer(env, 'PORT', 8787, 0, 65535);
  const appId = optional(env['AGORA_APP_ID']);
  const appCertificate = optional(env['AGORA_APP_CERTIFICATE']);
  if ((appId === undefined) !== (appCertificate === undefined)) {
    throw invalid(
      'Set both AGORA_APP_ID and AGORA_APP_CERTIFICATE to enable POST /token, or neither.',
    );
  }
  const seconds = (name: string, fallback: number, max = 3600): number =>
    integer(env, name, fallback, 1, max) * 1000;
  const timeouts = {
    headers: seconds('HEADERS_TIMEOUT_SECONDS', 10),
    request: seconds('REQUEST_TIMEOUT_SECONDS', 15),
    keepAlive: seconds('KEEP_ALIVE_TIMEOUT_SECONDS', 5),
    connection: seconds('CONNECTION_TIMEOUT_SECONDS', 30),
  };
  if (timeouts.headers > timeouts.request) {
    // node:http refuses a headers timeout longer than the whole-request timeout
    throw invalid('HEADERS_TIMEOUT_SECONDS must not exceed REQUEST_TIMEOUT_SECONDS.');
  }
  return {
    ncsSecrets,
    host: optional(env['HOST']) ?? '127.0.0.1',
    port,
    redisUrl: optional(env['REDIS_URL']),
    readToken: optional(env['PRESENCE_READ_TOKEN']),
    agora: appId && appCertificate ? { appId, appCertificate } : undefined,
    tokenAuth: tokenAuth(env),
    tokenMaxExpiresIn: integer(env, 'TOKEN_MAX_EXPIRES_IN', 3600, 60, 3600),
    corsOrigins: corsOrigins(env['CORS_ORIGINS']),
    trustProxy: trustProxy(optional(env['TRUST_PROXY'])),
    rateLimit: {
      reads: integer(env, 'RATE_LIMIT_READS_PER_MINUTE', 600, 0, 1_000_000),
      token: integer(env, 'RATE_LIMIT_TOKEN_PER_MINUTE', 30, 0, 1_000_000),
    },
    sse: {
      maxStreams: integer(env, 'SSE_MAX_STREAMS', defaultMaxStreams(openFileLimit()), 1, 1_000_000),
      maxStreamsPerIp: integer(env, 'SSE_MAX_STREAMS_PER_IP', 20, 1, 1_000_000),
      maxBufferBytes: integer(env, 'SSE_MAX_BUFFER_BYTES', 1024 * 1024, 16 * 1024, 1024 ** 3),
      stallMs: seconds('SSE_STALL_SECONDS', 30),
    },
    timeouts,
    bodyLimit: integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
    storeTimeoutMs: integer(env, 'STORE_TIMEOUT_MS', 4000, 100, 60_000),
    metricsToken: optional(env['METRICS_TOKEN']),
    logLevel: optional(env['LOG_LEVEL']) ?? 'info',
  };
}
