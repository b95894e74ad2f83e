import type { TokenProvider } from '@audience-presence/react';

/**
 * A token provider backed by a token endpoint that speaks apps/server's
 * `POST /token` (`{ channelName, uid, role, rtmUserId }` -> `{ rtcToken, rtmToken }`).
 * The App Certificate stays on that server; the browser only ever sees tokens.
 *
 * The demo's userId is numeric and doubles as the RTC uid, so one request
 * serves both kinds. It always asks for a publisher (host) token: an audience
 * member may go on stage later, and a publisher token also lets one watch.
 */
export function createTokenProvider(
  tokenUrl: string,
  userId: string,
  fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
): TokenProvider {
  return async ({ kind, channel }) => {
    let response: Response;
    try {
      response = await fetchImpl(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channelName: channel,
          uid: Number(userId),
          role: 'host',
          rtmUserId: userId,
        }),
      });
    } catch (cause) {
      throw new Error(`The token server at ${tokenUrl} could not be reached.`, { cause });
    }
    if (!response.ok) {
      throw new Error(`The token server at ${tokenUrl} answered ${response.status}.`);
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    const token = body?.[kind === 'rtc' ? 'rtcToken' : 'rtmToken'];
    if (typeof token !== 'string' || token === '') {
      throw new Error(`The token server at ${tokenUrl} sent no ${kind.toUpperCase()} token.`);
    }
    return token;
  };
}
