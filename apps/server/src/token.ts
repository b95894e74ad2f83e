import agoraToken from 'agora-token';

const { RtcRole, RtcTokenBuilder, RtmTokenBuilder } = agoraToken;

/** What a client asks POST /token for. */
export interface TokenRequest {
  readonly channelName: string;
  /** RTC uid, unsigned 32-bit; 0 lets Agora pick one (the token then works for any uid) */
  readonly uid: number;
  readonly role: 'host' | 'audience';
  /** RTM user id; defaults to String(uid) (agora-notes.md §2: map RTC uids with String) */
  readonly rtmUserId: string;
  /** seconds, 60..86400 */
  readonly expiresIn: number;
}

/** What POST /token answers. The App Certificate never leaves the server. */
export interface TokenResponse {
  readonly appId: string;
  readonly channelName: string;
  readonly uid: number;
  readonly role: 'host' | 'audience';
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

/** Validates a JSON body into a {@link TokenRequest}, or returns an error message. */
export function parseTokenRequest(body: unknown): TokenRequest | string {
  if (typeof body !== 'object' || body === null) return 'Body must be a JSON object.';
  const b = body as Record<string, unknown>;
  const { channelName, uid = 0, role = 'audience', expiresIn = 3600 } = b;
  if (typeof channelName !== 'string' || !CHANNEL_NAME.test(channelName)) {
    return 'channelName must be 1-63 characters: letters, digits, space and !#$%&()+-:;<=.>?@[]^_{}|~,';
  }
  if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0 || uid > 0xffff_ffff) {
    return 'uid must be an unsigned 32-bit integer.';
  }
  if (role !== 'host' && role !== 'audience') return 'role must be "host" or "audience".';
  if (
    typeof expiresIn !== 'number' ||
    !Number.isInteger(expiresIn) ||
    expiresIn < 60 ||
    expiresIn > 86_400
  ) {
    return 'expiresIn must be an integer number of seconds between 60 and 86400.';
  }
  const rtmUserId = b['rtmUserId'] ?? String(uid);
  if (typeof rtmUserId !== 'string' || !RTM_USER_ID.test(rtmUserId)) {
    return 'rtmUserId must be 1-63 characters without spaces.';
  }
  return { channelName, uid, role, rtmUserId, expiresIn };
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
