import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  concat,
  errorReceipt,
  receiveNcsDelivery,
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
  // Callbacks rather than readNodeBody's promise: this runs for every delivery.
  return (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: false, error: { code: 'METHOD_NOT_ALLOWED' } }));
      return;
    }
    if (Number(request.headers['content-length'] ?? '0') > limit) {
      sendReceipt(response, errorReceipt(tooLarge(limit)));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= limit) {
        chunks.push(chunk);
        return;
      }
      done = true;
      request.off('data', onData);
      request.pause();
      sendReceipt(response, errorReceipt(tooLarge(limit)));
    };
    request.on('data', onData);
    request.once('end', () => {
      if (done) return;
      done = true;
      void receiveNcsDelivery(concat(chunks, total), request.headers, resolved).then((receipt) =>
        sendReceipt(response, receipt),
      );
    });
    request.once('error', () => {
      // the client went away mid-body: nothing was stored and nobody is listening
      done = true;
    });
  };
}
