import { NcsError } from './errors';
import {
  METHOD_NOT_ALLOWED_JSON,
  concat,
  errorReceipt,
  outcomeOf,
  receiveAndReport,
  report,
  resolveReceiverOptions,
  tooLarge,
  type NcsReceipt,
  type NcsReceiverOptions,
} from './receiver';

function toResponse(receipt: NcsReceipt): Response {
  return new Response(JSON.stringify(receipt.body), {
    status: receipt.status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Reads a fetch body, failing as soon as it passes `limit` bytes (never buffers more). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/**
 * A webhook receiver as a fetch-standard handler, `(Request) => Promise<Response>`,
 * for any runtime or framework that speaks it (Node 20, Bun, Deno, Hono, ...).
 * 200 + JSON on accepted, duplicate and ignored deliveries (after storing);
 * 401 bad or missing signature; 400 malformed; 413 body over the limit;
 * 405 not POST; 503 storage failure or timeout (NCS retries).
 */
export function createNcsHandler(
  options: NcsReceiverOptions,
): (request: Request) => Promise<Response> {
  const resolved = resolveReceiverOptions(options);
  return async (request) => {
    const startedAt = performance.now();
    if (request.method !== 'POST') {
      report(resolved, 'method_not_allowed', 405, startedAt);
      return new Response(METHOD_NOT_ALLOWED_JSON, {
        status: 405,
        headers: { 'content-type': 'application/json', allow: 'POST' },
      });
    }
    let body: Uint8Array;
    try {
      body = await readLimited(request, resolved.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof NcsError)) throw error;
      const receipt = errorReceipt(error);
      report(resolved, outcomeOf(receipt), receipt.status, startedAt);
      return toResponse(receipt);
    }
    return toResponse(await receiveAndReport(body, request.headers, resolved, startedAt));
  };
}
