import { isPresenceError, type PresenceErrorCode } from '@audience-presence/core';

/** What to check for each failure, on top of the error's own message. */
const HINTS: Partial<Record<PresenceErrorCode, string>> = {
  RTC_JOIN_FAILED:
    'Agora refused the join. Check the App ID (and the token server, if your project uses tokens).',
  RTC_JOIN_TIMEOUT: 'Agora did not answer in time. Check the network connection and the App ID.',
  // UID_BANNED also closes the OLDER client when the same uid joins from another
  // device (docs/agora-behaviour.md §1b, RTC paragraph): it does not always mean a ban
  RTC_UID_CLOSED:
    'This happens when the same user joins this stream from another device or tab (Agora then closes the older one), or when a moderator removes that user. Close the other session, then join again.',
  RTC_BANNED:
    'Agora refused this connection: the channel or this network address is blocked (IP_BANNED, CHANNEL_BANNED). Joining again will not help until that is lifted.',
  RTC_CONNECTION_LOST: 'Check the network connection, then join again.',
  RTM_SAME_UID_LOGIN:
    'The same user signed in to Agora Signaling from another tab or device, which closes this session. Close the other one, then join again.',
  RTM_LOGIN_TIMEOUT:
    'Agora Signaling did not answer in time. Check the network, and that Signaling is enabled for this App ID.',
  RTM_LOGIN_FAILED:
    'Check the App ID, and that Signaling (RTM) is enabled for it in the Agora Console.',
  TOKEN_INVALID:
    'The token was rejected: the token server and the App ID must belong to the same project.',
  TOKEN_PROVIDER_FAILED:
    'The token server did not answer with a token. Is it running, and does it allow this origin?',
  RTM_DUPLICATE_CLIENT:
    'This page already made an Agora Signaling client for this user. Reload the page, then join again.',
  INVALID_ARGUMENT: 'The App ID or user id is not valid.',
};

/** Failures that end a session that was already joined, rather than a join. */
const DISCONNECTS: ReadonlySet<PresenceErrorCode> = new Set<PresenceErrorCode>([
  'RTC_UID_CLOSED',
  'RTC_BANNED',
  'RTC_CONNECTION_LOST',
  'RTM_SAME_UID_LOGIN',
  'RTM_KICKED',
  'TOKEN_EXPIRED',
]);

/** The cause's own text, e.g. the SDK's "CAN_NOT_GET_GATEWAY_SERVER: invalid vendor key". */
function causeText(error: Error): string | null {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message !== '' && cause.message !== error.message) {
    return cause.message.slice(0, 300);
  }
  return null;
}

/** A failed join, stated plainly, with what to check and a way out. */
export function ErrorPanel({
  error,
  onRetry,
  onBack,
}: {
  error: Error | null;
  onRetry: () => void;
  onBack: () => void;
}) {
  const code = error !== null && isPresenceError(error) ? error.code : null;
  const hint = code === null ? null : HINTS[code];
  const detail = error === null ? null : causeText(error);
  return (
    <section className="panel error" role="alert" data-testid="join-error">
      <h2>
        {code !== null && DISCONNECTS.has(code)
          ? 'Disconnected from the channel'
          : 'Could not join the channel'}
      </h2>
      <p className="error-message">{error?.message ?? 'Unknown error.'}</p>
      {hint ? <p>{hint}</p> : null}
      {detail !== null || code !== null ? (
        <p className="muted">
          {code !== null ? <code>{code}</code> : null}
          {detail !== null ? ` ${detail}` : null}
        </p>
      ) : null}
      <p className="row">
        <button type="button" onClick={onRetry}>
          Try again
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </p>
    </section>
  );
}
