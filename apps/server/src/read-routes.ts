import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ServerConfig } from './config';
import { ServerError, errorBody } from './errors';
import type { ServerMetrics } from './metrics';
import { decodeCursor, pageOf, parseLimit } from './presence-page';
import { bearerToken, secretEquals } from './secret-compare';
import type { FeedHub } from './sse';

interface ChannelRoute {
  Params: { channelName: string };
  Querystring: { limit?: string; cursor?: string; access_token?: string; lastEventId?: string };
}

/**
 * One per-IP budget of `max` requests a minute shared by every route whose
 * onRequest it is (a route-level `config.rateLimit` would count each route
 * apart); `[]` when the limit is 0 (off).
 */
export function perMinute(app: FastifyInstance, max: number): onRequestHookHandler[] {
  return max > 0 ? [app.rateLimit({ max, timeWindow: 60_000 })] : [];
}

/**
 * GET /channels/:c/presence (one page), /count (counts only) and /events (SSE).
 * All need the read token when PRESENCE_READ_TOKEN is set: `Authorization:
 * Bearer` or, for EventSource (which cannot set headers), `?access_token=`.
 */
export function registerReads(
  app: FastifyInstance,
  config: ServerConfig,
  hub: FeedHub,
  metrics: ServerMetrics,
): void {
  const { store } = hub;
  const readToken = config.readToken;
  const requireReadToken = async (
    request: FastifyRequest<ChannelRoute>,
    reply: FastifyReply,
  ): Promise<void> => {
    if (readToken === undefined) return;
    const given = bearerToken(request.headers.authorization) ?? request.query.access_token;
    if (given !== undefined && secretEquals(given, readToken)) return;
    reply.header('www-authenticate', 'Bearer');
    throw new ServerError('UNAUTHORIZED', 'A valid read token is required.', { status: 401 });
  };
  const presence = async (channelName: string) => {
    try {
      return await store.presence(channelName);
    } catch (error) {
      metrics.storeErrors.inc({ operation: 'presence' });
      throw new ServerError('STORE_UNAVAILABLE', 'The presence store is unavailable.', {
        status: 503,
        cause: error,
      });
    }
  };
  const options = {
    onRequest: perMinute(app, config.rateLimit.reads),
    preHandler: requireReadToken,
  };

  app.get<ChannelRoute>('/channels/:channelName/presence', options, async (request, reply) => {
    const limit = parseLimit(request.query.limit);
    const cursor =
      request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
    const page = pageOf(await presence(request.params.channelName), limit, cursor);
    return reply.header('cache-control', 'no-store').send(page);
  });

  app.get<ChannelRoute>('/channels/:channelName/count', options, async (request, reply) => {
    const { channelName, counts } = await presence(request.params.channelName);
    return reply.header('cache-control', 'no-store').send({ channelName, counts });
  });

  // no automatic HEAD route: a HEAD must not open a stream
  app.get<ChannelRoute>(
    '/channels/:channelName/events',
    { ...options, exposeHeadRoute: false },
    (request, reply) => {
      const headers = replyHeaders(reply);
      reply.hijack();
      // A live stream is idle on the read side by design: the idle-socket timeout
      // is for requests; slow readers are handled by the feed's own limits.
      request.raw.socket.setTimeout(0);
      const header = request.headers['last-event-id'];
      hub.stream(reply.raw, {
        channelName: request.params.channelName,
        lastEventId:
          (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId ?? null,
        ip: request.ip,
        headers,
      });
    },
  );

  // Only GET (and HEAD) read; say so instead of a bare 404.
  for (const path of [
    '/channels/:channelName/presence',
    '/channels/:channelName/count',
    '/channels/:channelName/events',
  ]) {
    app.route({
      method: ['POST', 'PUT', 'DELETE', 'PATCH'],
      url: path,
      handler: (_request, reply) =>
        reply
          .code(405)
          .header('allow', 'GET, HEAD')
          .send(errorBody('METHOD_NOT_ALLOWED', 'Use GET.')),
    });
  }
}

/** A reply's headers as plain strings (to carry CORS and rate-limit headers onto a hijacked stream). */
function replyHeaders(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
