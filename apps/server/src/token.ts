import agoraToken from 'agora-token';
import type { NcsRole } from '@audience-presence/ncs';
import { ServerError } from './errors';

const { RtcRole, RtcTokenBuilder, RtmTokenBuilder } = agoraToken;

/**
 * What an authenticated caller may have a token for, decided by the app's own
 * backend (a JWT's claims, or the `authorize` hook of an embedding app).
 */
export interface TokenGrant {
  /** RTC uid, 1..2^32-1. Never 0: a uid-0 token works for ANY uid (agora-token's RtcTokenBuilder docs). */
  readonly uid: number;
  /** RTM user id; defaults to String(uid) (agora-notes.md §2: map RTC uids with String) */
  readonly rtmUserId?: string;
  /** channel names; an entry ending in `*` allows every name with that prefix */
  readonly channels: readonly string[];
  /** may the caller publish (RTC host role)? */
  readonly host: boolean;
}

/** What a client asks POST /token for (body). */
export interface TokenBody {
  readonly channelName: string;
  /** Agora's client role, the one vocabulary ncs uses for notices too */
  readonly role: NcsRole;
  /** optional; must match the grant's uid when given */
  readonly uid: number | undefined;
  /** optional; must match the grant's RTM user id when given */
  readonly rtmUserId: string | undefined;
  /** seconds; capped at the server's TOKEN_MAX_EXPIRES_IN */
  readonly expiresIn: number | undefined;
}

/** A request the server has decided to serve. */
export interface TokenRequest {
  readonly channelName: string;
  readonly uid: number;
  readonly role: NcsRole;
  readonly rtmUserId: string;
  /** seconds */
  readonly expiresIn: number;
}

/** What POST /token answers. The App Certificate never leaves the server. */
export interface TokenResponse {
  readonly appId: string;
  readonly channelName: string;
  readonly uid: number;
  readonly role: NcsRole;
  readonly rtcToken: string;
  readonly rtmUserId: string;
  readonly rtmToken: string;
  /** ms */
  readonly expiresAt: number;
}

// Agora's channel-name rule, as agora-token's RtcTokenBuilder docs state it: under 64 bytes,
// letters, digits, space and this punctuation.
const CHANNEL_NAME = /^[a-zA-Z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,63}$/;
const RTM_USER_ID = /^[^\s]{1,63}$/;

/** Is `uid` a uid a token may be issued for (unsigned 32-bit, not the 0 wildcard)? */
export function isGrantableUid(uid: unknown): uid is number {
  return typeof uid === 'number' && Number.isInteger(uid) && uid >= 1 && uid <= 0xffff_ffff;
}

function bad(message: string): ServerError {
  return new ServerError('BAD_REQUEST', message, { status: 400 });
}

/** Validates a JSON body into a {@link TokenBody}; throws `BAD_REQUEST`. */
export function parseTokenBody(body: unknown): TokenBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('Body must be a JSON object.');
  }
  const b = body as Record<string, unknown>;
  const { channelName, uid, role = 'audience', expiresIn, rtmUserId } = b;
  if (typeof channelName !== 'string' || !CHANNEL_NAME.test(channelName)) {
    throw bad(
      'channelName must be 1-63 characters: letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,',
    );
  }
  if (uid !== undefined && !isGrantableUid(uid)) {
    throw bad('uid must be an integer from 1 to 4294967295 (0, "any uid", is never issued).');
  }
  if (role !== 'host' && role !== 'audience') throw bad('role must be "host" or "audience".');
  if (
    expiresIn !== undefined &&
    (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 60)
  ) {
    throw bad('expiresIn must be an integer number of seconds, at least 60.');
  }
  if (rtmUserId !== undefined && (typeof rtmUserId !== 'string' || !RTM_USER_ID.test(rtmUserId))) {
    throw bad('rtmUserId must be 1-63 characters without spaces.');
  }
  return { channelName, role, uid, rtmUserId, expiresIn };
}

function channelAllowed(channels: readonly string[], channelName: string): boolean {
  return channels.some((allowed) =>
    allowed.endsWith('*') ? channelName.startsWith(allowed.slice(0, -1)) : allowed === channelName,
  );
}

/**
 * Checks a request against what the caller was granted; throws `UID_NOT_ALLOWED`,
 * `CHANNEL_NOT_ALLOWED` or `HOST_NOT_ALLOWED` (403). The expiry is capped at `maxExpiresIn`.
 */
export function decideTokenRequest(
  grant: TokenGrant,
  body: TokenBody,
  maxExpiresIn: number,
): TokenRequest {
  const forbid = (
    code: 'UID_NOT_ALLOWED' | 'CHANNEL_NOT_ALLOWED' | 'HOST_NOT_ALLOWED',
    message: string,
  ) => new ServerError(code, message, { status: 403 });
  if (!isGrantableUid(grant.uid)) {
    throw forbid('UID_NOT_ALLOWED', 'The caller has no uid this server may issue a token for.');
  }
  if (body.uid !== undefined && body.uid !== grant.uid) {
    throw forbid('UID_NOT_ALLOWED', 'uid differs from the uid the caller was granted.');
  }
  const rtmUserId = grant.rtmUserId ?? String(grant.uid);
  if (!RTM_USER_ID.test(rtmUserId)) {
    throw forbid('UID_NOT_ALLOWED', 'The granted RTM user id is not valid.');
  }
  if (body.rtmUserId !== undefined && body.rtmUserId !== rtmUserId) {
    throw forbid('UID_NOT_ALLOWED', 'rtmUserId differs from the one the caller was granted.');
  }
  if (!channelAllowed(grant.channels, body.channelName)) {
    throw forbid('CHANNEL_NOT_ALLOWED', 'The caller may not join this channel.');
  }
  if (body.role === 'host' && !grant.host) {
    throw forbid('HOST_NOT_ALLOWED', 'The caller may not join as host.');
  }
  return {
    channelName: body.channelName,
    uid: grant.uid,
    role: body.role,
    rtmUserId,
    expiresIn: Math.min(body.expiresIn ?? maxExpiresIn, maxExpiresIn),
  };
}

/** Issues an RTC token (for the channel and uid) and an RTM token (for the user id). */
export function issueTokens(
  agora: { readonly appId: string; readonly appCertificate: string },
  request: TokenRequest,
  nowMs: number = Date.now(),
): TokenResponse {
  const rtcToken = RtcTokenBuilder.buildTokenWithUid(
    agora.appId,
    agora.appCertificate,
    request.channelName,
    request.uid,
    request.role === 'host' ? RtcRole.PUBLISHER : RtcRole.SUBSCRIBER,
    request.expiresIn,
    request.expiresIn,
  );
  const rtmToken = RtmTokenBuilder.buildToken(
    agora.appId,
    agora.appCertificate,
    request.rtmUserId,
    request.expiresIn,
  );
  return {
    appId: agora.appId,
    channelName: request.channelName,
    uid: request.uid,
    role: request.role,
    rtcToken,
    rtmUserId: request.rtmUserId,
    rtmToken,
    expiresAt: nowMs + request.expiresIn * 1000,
  };
}
