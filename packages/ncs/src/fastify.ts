/**
 * `@audience-presence/ncs/fastify`: the webhook receiver as a Fastify 5 plugin.
 * Type imports only: this file never loads fastify itself, and the root entry
 * never imports this file, so the package stays framework-neutral.
 */
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import { NcsError } from './errors';
import {
  METHOD_NOT_ALLOWED_JSON,
  errorReceipt,
  receiveAndReport,
  report,
  resolveReceiverOptions,
  tooLarge,
  type NcsOutcome,
  type NcsReceipt,
  type NcsReceiverOptions,
} from './receiver';

/** Options of {@link createNcsFastifyPlugin}: the receiver's, plus where it listens. */
export type NcsFastifyPluginOptions = NcsReceiverOptions & {
  /** The route of the webhook. Default `/ncs`. */
  readonly path?: string;
};

const EMPTY = new Uint8Array(0);
const NOT_POST = ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

function send(reply: FastifyReply, receipt: NcsReceipt): FastifyReply {
  // Serialised here, not by Fastify: the body shape is fixed and a string skips its serializer lookup.
  reply.code(receipt.status).header('content-type', 'application/json');
  // as the node handler: after a 413 the rest of the body is never read
  if (receipt.status === 413) reply.header('connection', 'close');
  return reply.send(JSON.stringify(receipt.body));
}

/** Turns what Fastify refuses before the handler (body limit, bad Content-Type, ...) into a receipt. */
function fastifyErrorReceipt(error: FastifyError, limit: number): NcsReceipt {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorReceipt(tooLarge(limit));
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return errorReceipt(
      new NcsError('MALFORMED_JSON', 'The Content-Type header is not a valid media type.'),
    );
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // a body cut short or longer than its Content-Length: not a readable delivery
    return errorReceipt(
      new NcsError('MALFORMED_JSON', 'The body could not be read.', { cause: error }),
    );
  }
  return errorReceipt(new NcsError('STORAGE_FAILED', 'Unexpected failure.', { cause: error }));
}

/**
 * Answers of the deliveries stored during one event-loop turn, sent together
 * after it (one `setImmediate` per turn), as `createNcsNodeHandler` does: a
 * server that answers each request from inside its read callback, while slower
 * than its sender, ping-pongs with it one request at a time (see the README's
 * benchmark notes). A 200 still means stored; an answer waits at most one turn.
 */
function createReplyQueue(): (reply: FastifyReply, receipt: NcsReceipt) => void {
  let queue: [FastifyReply, NcsReceipt][] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    for (const [reply, receipt] of batch) {
      // the client may have hung up while the event was stored: nobody to answer
      if (!reply.sent && !reply.raw.destroyed) send(reply, receipt);
    }
  };
  return (reply, receipt) => {
    if (queue.push([reply, receipt]) === 1) setImmediate(flush);
  };
}

const OUTCOME_OF_STATUS: Record<number, NcsOutcome> = {
  400: 'bad_request',
  413: 'too_large',
};

/**
 * The NCS webhook receiver as a Fastify 5 plugin: `POST <path>` (default
 * `/ncs`), 405 for other methods. It runs in its own encapsulated context,
 * with one content-type parser that keeps the RAW body bytes of any content
 * type (the HMAC is over them, docs/agora-behaviour.md §3) and a body limit of
 * `maxBodyBytes`, so the rest of your app keeps its own parsers. Answers
 * exactly as {@link receiveNcsDelivery}: 200 / 400 / 401 / 413 / 503 with the
 * same JSON bodies, after storing.
 *
 * @example
 * import Fastify from 'fastify';
 * import { createMemoryPresenceStore } from '@audience-presence/ncs';
 * import { createNcsFastifyPlugin } from '@audience-presence/ncs/fastify';
 *
 * const app = Fastify({ logger: true });
 * await app.register(createNcsFastifyPlugin({ secrets: [process.env.NCS_SECRET!], store: createMemoryPresenceStore() }));
 * await app.listen({ port: 8787 });
 */
export function createNcsFastifyPlugin(options: NcsFastifyPluginOptions): FastifyPluginCallback {
  const resolved = resolveReceiverOptions(options);
  const limit = resolved.maxBodyBytes;
  const path = options.path ?? '/ncs';
  if (!path.startsWith('/')) {
    throw new NcsError('INVALID_CONFIG', `path must start with "/", got "${path}".`);
  }

  const answer = createReplyQueue();
  // Returns nothing: Fastify then waits for the reply the queue sends.
  const receive = (request: FastifyRequest, reply: FastifyReply): void => {
    // elapsedTime counts from Fastify's start of the request; the receiver wants a performance.now() origin
    const startedAt = performance.now() - reply.elapsedTime;
    const body = (request.body as Uint8Array | undefined) ?? EMPTY;
    void receiveAndReport(body, request.headers, resolved, startedAt).then((receipt) =>
      answer(reply, receipt),
    );
  };

  const plugin: FastifyPluginCallback = (app: FastifyInstance, _opts, done) => {
    // Encapsulated: these parsers and this error handler apply to this route only.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: limit },
      (_request, body, parsed) => parsed(null, body),
    );
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const receipt = fastifyErrorReceipt(error, limit);
      report(
        resolved,
        OUTCOME_OF_STATUS[receipt.status] ?? 'store_error',
        receipt.status,
        performance.now() - reply.elapsedTime,
      );
      request.log.debug({ code: error.code }, 'ncs delivery refused before the receiver');
      return send(reply, receipt);
    });
    app.post(path, receive);
    app.route({
      method: [...NOT_POST],
      url: path,
      exposeHeadRoute: false,
      handler: (_request, reply) => {
        report(resolved, 'method_not_allowed', 405, performance.now() - reply.elapsedTime);
        return reply
          .code(405)
          .header('allow', 'POST')
          .header('content-type', 'application/json')
          .send(METHOD_NOT_ALLOWED_JSON);
      },
    });
    done();
  };
  return plugin;
}
