import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createNcsNodeHandler, readNodeBody, type PresenceStore } from '@audience-presence/ncs';
import type { ServerConfig } from './config';
import { CORS_HEADERS, isAuthorized, sendError, sendJson, sendRawJson } from './http';
import { createFeedHub, streamChannel } from './sse';
import { issueTokens, parseTokenRequest } from './token';

const CHANNEL_ROUTE = /^\/channels\/([^/]+)\/(presence|events)$/;
const TOKEN_BODY_LIMIT = 4 * 1024;

/** The server's routes plus a way to end its live streams on shutdown. */
export interface App {
  readonly listener: RequestListener;
  /** Ends every SSE stream (so `server.close()` can finish) and stops listening to the store. */
  close(): void;
}

/**
 * The server's routes as one node:http listener:
 * `POST /ncs`, `GET /channels/:channelName/presence`,
 * `GET /channels/:channelName/events` (SSE), `POST /token`, `GET /healthz`.
 */
export function createApp(config: ServerConfig, store: PresenceStore): App {
  const ncs = createNcsNodeHandler({ secrets: config.ncsSecrets, store });
  const hub = createFeedHub(store);
  // The memory store returns the same frozen object until a channel changes:
  // serialise a 100k-member list once, not once per read.
  const presenceJson = new WeakMap<object, string>();

  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!config.agora) {
      sendError(
        response,
        404,
        'TOKEN_DISABLED',
        'Set AGORA_APP_ID and AGORA_APP_CERTIFICATE to enable /token.',
        CORS_HEADERS,
      );
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(
        Buffer.from(await readNodeBody(request, TOKEN_BODY_LIMIT)).toString('utf8'),
      );
    } catch {
      sendError(response, 400, 'BAD_REQUEST', 'Body must be JSON under 4 KB.', CORS_HEADERS);
      return;
    }
    const parsed = parseTokenRequest(body);
    if (typeof parsed === 'string') {
      sendError(response, 400, 'BAD_REQUEST', parsed, CORS_HEADERS);
      return;
    }
    sendJson(response, 200, issueTokens(config.agora, parsed), CORS_HEADERS);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    if (url.pathname === '/ncs') {
      ncs(request, response);
      return;
    }
    if (method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS);
      response.end();
      return;
    }
    if (url.pathname === '/healthz' && method === 'GET') {
      sendJson(response, 200, { ok: true });
      return;
    }
    if (url.pathname === '/token') {
      if (method !== 'POST')
        return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Use POST.', CORS_HEADERS);
      return token(request, response);
    }
    const match = CHANNEL_ROUTE.exec(url.pathname);
    if (!match) return sendError(response, 404, 'NOT_FOUND', 'No such route.');
    if (method !== 'GET')
      return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Use GET.', CORS_HEADERS);
    if (!isAuthorized(request, url, config.readToken)) {
      return sendError(response, 401, 'UNAUTHORIZED', 'A valid read token is required.', {
        ...CORS_HEADERS,
        'www-authenticate': 'Bearer',
      });
    }
    let channelName: string;
    try {
      channelName = decodeURIComponent(match[1] ?? '');
    } catch {
      return sendError(
        response,
        400,
        'BAD_REQUEST',
        'The channel name is not valid URL encoding.',
        CORS_HEADERS,
      );
    }
    if (match[2] === 'presence') {
      const presence = await store.presence(channelName);
      let json = presenceJson.get(presence);
      if (json === undefined) {
        const { lastEventId: _omit, ...body } = presence;
        json = JSON.stringify(body);
        presenceJson.set(presence, json);
      }
      return sendRawJson(response, 200, json, CORS_HEADERS);
    }
    const lastEventId = request.headers['last-event-id'];
    streamChannel(
      request,
      response,
      hub,
      channelName,
      (Array.isArray(lastEventId) ? lastEventId[0] : lastEventId) ??
        url.searchParams.get('lastEventId'),
    );
  }

  const listener: RequestListener = (request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('request failed', error);
      if (!response.headersSent)
        sendError(
          response,
          503,
          'STORAGE_FAILED',
          'The presence store is unavailable.',
          CORS_HEADERS,
        );
      else response.end();
    });
  };
  return { listener, close: () => hub.close() };
}
