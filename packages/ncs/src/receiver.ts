import { constructNcsEvent } from './construct';
import { NcsError, isNcsError, type NcsErrorCode } from './errors';
import type { NcsIgnoreReason } from './events';
import type { HeaderSource } from './headers';
import { normaliseSecrets, type VerifyOptions } from './signature';
import type { PresenceStore } from './store';

/** Default body limit: 64 KB. NCS notices are well under 2 KB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Options of the webhook receiver (both the fetch handler and the node:http adapter). */
export interface NcsReceiverOptions extends VerifyOptions {
  readonly store: PresenceStore;
  /** Bodies larger than this are refused with 413 while reading. Default 64 KB. */
  readonly maxBodyBytes?: number;
}

/** The JSON body the receiver answers with. */
export type NcsReceiptBody =
  | {
      readonly ok: true;
      readonly status: 'applied' | 'duplicate' | 'stale' | 'ignored';
      readonly noticeId: string;
      readonly ignored?: NcsIgnoreReason;
    }
  | {
      readonly ok: false;
      readonly error: { readonly code: NcsErrorCode; readonly message: string };
    };

/** A response to send: HTTP status and JSON body. */
export interface NcsReceipt {
  readonly status: number;
  readonly body: NcsReceiptBody;
}

const STATUS: Record<NcsErrorCode, number> = {
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 401,
  BODY_TOO_LARGE: 413,
  MALFORMED_JSON: 400,
  MALFORMED_EVENT: 400,
  // 503 makes NCS retry (agora-notes.md §3): nothing was stored, so nothing is lost.
  STORAGE_FAILED: 503,
  INVALID_CONFIG: 500,
};

/** Maps an {@link NcsError} to the receipt the receiver sends. */
export function errorReceipt(error: NcsError): NcsReceipt {
  return {
    status: STATUS[error.code],
    body: { ok: false, error: { code: error.code, message: error.message } },
  };
}

/** Validates receiver options once, at construction, so a bad config fails at startup. */
export function resolveReceiverOptions(
  options: NcsReceiverOptions,
): NcsReceiverOptions & { maxBodyBytes: number } {
  normaliseSecrets(options.secrets);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new NcsError('INVALID_CONFIG', 'maxBodyBytes must be a positive integer.');
  }
  return { ...options, maxBodyBytes };
}

/**
 * The framework-free core of the receiver: verify, parse, store, THEN answer
 * (so a 200 always means stored). Never throws; every failure becomes a receipt.
 */
export async function receiveNcsDelivery(
  body: Uint8Array | string,
  headers: HeaderSource,
  options: NcsReceiverOptions,
): Promise<NcsReceipt> {
  try {
    const notice = constructNcsEvent(body, headers, options);
    if (notice.status === 'ignored') {
      return {
        status: 200,
        body: { ok: true, status: 'ignored', noticeId: notice.noticeId, ignored: notice.reason },
      };
    }
    let result;
    try {
      result = await options.store.apply(notice.event);
    } catch (cause) {
      throw new NcsError('STORAGE_FAILED', 'Could not store the event; NCS will retry.', { cause });
    }
    return {
      status: 200,
      body: { ok: true, status: result.status, noticeId: notice.event.noticeId },
    };
  } catch (error) {
    if (isNcsError(error)) return errorReceipt(error);
    return errorReceipt(new NcsError('STORAGE_FAILED', 'Unexpected failure.', { cause: error }));
  }
}

/** A 413 error, thrown by the body readers. */
export function tooLarge(limit: number): NcsError {
  return new NcsError('BODY_TOO_LARGE', `The body exceeds ${limit} bytes.`);
}

/** Concatenates chunks read so far into one buffer. */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
