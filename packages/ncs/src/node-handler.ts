import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  METHOD_NOT_ALLOWED_JSON,
  concat,
  errorReceipt,
  receiveAndReport,
  report,
  resolveReceiverOptions,
  tooLarge,
  type NcsReceipt,
  type NcsReceiverOptions,
} from './receiver';

/**
 * Reads a node:http request body, rejecting with `BODY_TOO_LARGE` as soon as it
 * passes `limit` bytes (the rest is not buffered).
 */
export function readNodeBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > limit) {
        request.off('data', onData);
        request.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(concat(chunks, total)));
    request.once('error', reject);
  });
}

/**
 * Reads headers straight from `rawHeaders` (name, value, name, value, ...):
 * node builds `request.headers` lazily, and the receiver needs only two of them.
 * A repeated header gives its first value, as `HeaderSource` promises.
 */
function rawHeaderSource(raw: readonly string[]): { get(name: string): string | null } {
  return {
    get(name: string): string | null {
      const wanted = name.toLowerCase();
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = raw[i] as string;
        if (key.length === wanted.length && key.toLowerCase() === wanted) {
          return raw[i + 1] as string;
        }
      }
      return null;
    },
  };
}

/** Writes a receipt as JSON; on 413 the connection is closed so the rest of the body is never read. */
export function sendReceipt(response: ServerResponse, receipt: NcsReceipt): void {
  const json = JSON.stringify(receipt.body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  };
  if (receipt.status === 413) headers['connection'] = 'close';
  response.writeHead(receipt.status, headers);
  response.end(json);
  if (receipt.status === 413) response.once('finish', () => response.req.socket.destroySoon());
}

/**
 * Answers of deliveries that were stored during one event-loop turn, written
 * together after it (one `setImmediate` per turn, not per answer).
 *
 * Why: when a server answers each request from inside its read callback, every
 * answer wakes the sender separately, and under load the two processes
 * ping-pong one request at a time. Letting one turn's deliveries be read,
 * verified and stored first, then answering them all, halves the receiver's
 * CPU per delivery on a 2-core machine (bench:ncs, README of this package).
 * An answer waits at most one turn; a 200 still means "stored".
 */
function createAnswerQueue(): (response: ServerResponse, receipt: NcsReceipt) => void {
  let queue: [ServerResponse, NcsReceipt][] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    for (const [response, receipt] of batch) {
      // The client may have hung up while the event was stored: nobody to answer.
      if (!response.destroyed) sendReceipt(response, receipt);
    }
  };
  return (response, receipt) => {
    if (queue.push([response, receipt]) === 1) setImmediate(flush);
  };
}

/**
 * The webhook receiver for node:http (and Express / Connect, which pass the same
 * objects). Same answers as {@link createNcsHandler}, without building fetch
 * `Request` objects, which matters at thousands of deliveries per second.
 *
 * @example
 * http.createServer(createNcsNodeHandler({ secrets, store })).listen(8787);
 */
export function createNcsNodeHandler(
  options: NcsReceiverOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const resolved = resolveReceiverOptions(options);
  const limit = resolved.maxBodyBytes;
  const answer = createAnswerQueue();
  // Callbacks rather than readNodeBody's promise: this runs for every delivery.
  return (request, response) => {
    const startedAt = performance.now();
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      response.end(METHOD_NOT_ALLOWED_JSON);
      report(resolved, 'method_not_allowed', 405, startedAt);
      return;
    }
    const headers = rawHeaderSource(request.rawHeaders);
    if (Number(headers.get('content-length') ?? '0') > limit) {
      sendReceipt(response, errorReceipt(tooLarge(limit)));
      report(resolved, 'too_large', 413, startedAt);
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    // An anonymous arrow: tsx (keepNames) wraps every named one in a call per request.
    request.on('data', (chunk: Buffer): void => {
      if (done) return;
      total += chunk.length;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      done = true;
      // paused, nothing more is buffered than the stream's high-water mark; the 413 closes the socket
      request.pause();
      sendReceipt(response, errorReceipt(tooLarge(limit)));
      report(resolved, 'too_large', 413, startedAt);
    });
    request.once('end', () => {
      if (done) return;
      done = true;
      void receiveAndReport(concat(chunks, total), headers, resolved, startedAt).then((receipt) =>
        answer(response, receipt),
      );
    });
    request.once('error', () => {
      // the client went away mid-body: nothing was stored and nobody is listening
      done = true;
    });
  };
}
