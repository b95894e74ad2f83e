import type { FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { TokenAuthConfig } from './config';
import { ServerError } from './errors';
import { bearerToken } from './secret-compare';
import { isGrantableUid, type TokenGrant } from './token';

/**
 * Decides who the caller of POST /token is and what they may have. Resolve a
 * grant, or throw a {@link ServerError} (`TOKEN_AUTH_REQUIRED` /
 * `TOKEN_AUTH_INVALID` 401, `FORBIDDEN` 403); anything else thrown is a 401.
 */
export type AuthorizeToken = (request: FastifyRequest) => Promise<TokenGrant>;

/** Asymmetric algorithms accepted from a JWKS (never `none`, never HS* with a public key). */
const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

function invalid(message: string, cause?: unknown): ServerError {
  return new ServerError('TOKEN_AUTH_INVALID', message, { status: 401, cause });
}

/**
 * The grant a verified JWT carries. Claims (set by the app's backend):
 * `uid` (number) or `sub` (decimal string): the RTC uid; `channels`: channel
 * names, `*`-suffixed for a prefix; `host`: `true` to allow the host role;
 * `rtmUserId`: optional, defaults to String(uid).
 */
export function grantFromClaims(claims: JWTPayload): TokenGrant {
  const uid =
    claims['uid'] ??
    (typeof claims.sub === 'string' && /^\d{1,10}$/.test(claims.sub)
      ? Number(claims.sub)
      : undefined);
  if (!isGrantableUid(uid)) {
    throw new ServerError('UID_NOT_ALLOWED', 'The token names no uid from 1 to 4294967295.', {
      status: 403,
    });
  }
  const channels = claims['channels'];
  if (!Array.isArray(channels) || !channels.every((c) => typeof c === 'string')) {
    throw invalid('The token has no "channels" claim (an array of channel names).');
  }
  const rtmUserId = claims['rtmUserId'];
  if (rtmUserId !== undefined && typeof rtmUserId !== 'string') {
    throw invalid('The token\'s "rtmUserId" claim must be a string.');
  }
  return {
    uid,
    channels: channels as string[],
    host: claims['host'] === true,
    ...(rtmUserId === undefined ? {} : { rtmUserId }),
  };
}

/** The {@link AuthorizeToken} for a JWT configuration (HS256 secret or JWKS URL). */
export function jwtAuthorizer(config: Extract<TokenAuthConfig, { kind: 'jwt' }>): AuthorizeToken {
  const key: Uint8Array | JWTVerifyGetKey =
    'secret' in config.key
      ? new TextEncoder().encode(config.key.secret)
      : createRemoteJWKSet(new URL(config.key.jwksUrl), { timeoutDuration: 5000 });
  const algorithms = 'secret' in config.key ? ['HS256'] : JWKS_ALGORITHMS;
  return async (request) => {
    const jwt = bearerToken(request.headers.authorization);
    if (jwt === undefined) {
      throw new ServerError(
        'TOKEN_AUTH_REQUIRED',
        'Send "Authorization: Bearer <JWT from your backend>".',
        { status: 401 },
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, key as Uint8Array, {
        algorithms,
        requiredClaims: ['exp'],
        ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
        ...(config.audience === undefined ? {} : { audience: config.audience }),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalid('The JWT has expired.', error);
      if (error instanceof errors.JOSEError) throw invalid('The JWT is not valid.', error);
      throw error; // e.g. the JWKS is unreachable: not the caller's fault (503 via the route)
    }
    return grantFromClaims(payload);
  };
}

/**
 * Development only: anyone may have a token for any channel and role; the uid
 * comes from the body (and still never 0). `main` prints a warning at start.
 */
export const insecureDevAuthorizer: AuthorizeToken = (request) => {
  const body = request.body as { uid?: unknown; rtmUserId?: unknown } | undefined;
  const uid = body?.uid;
  if (!isGrantableUid(uid)) {
    return Promise.reject(
      new ServerError(
        'UID_NOT_ALLOWED',
        'TOKEN_AUTH=insecure-dev still needs a uid from 1 to 4294967295.',
        {
          status: 403,
        },
      ),
    );
  }
  return Promise.resolve({
    uid,
    channels: ['*'],
    host: true,
    ...(typeof body?.rtmUserId === 'string' ? { rtmUserId: body.rtmUserId } : {}),
  });
};
