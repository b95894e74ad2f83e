import { constructNcsEvent } from './construct';
import { NcsError, isNcsError, type NcsErrorCode } from './errors';
import type { NcsIgnoreReason, NcsNotice } from './events';
import type { HeaderSource } from './headers';
import { normaliseSecrets, type VerifyOptions } from './signature';
import type { ApplyResult, NcsPresenceStore } from './store';

/** Default body limit: 64 KB. NCS notices are well under 2 KB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/**
 * Default bound on one `store.apply`: 4 s. NCS waits 10 s for an answer, then
 * retries (docs/agora-behaviour.md §3); a 503 well inside that window gets the retry
 * going instead of a timeout on NCS's side.
 */
export const DEFAULT_STORE_TIMEOUT_MS = 4000;

/**
 * What became of one delivery, for metrics and logs: the four 200 answers, then
 * one per refusal. `store_error` also covers a receiver that is misconfigured.
 */
export type NcsOutcome =
  | 'applied'
  | 'duplicate'
  | 'stale'
  | 'ignored'
  | 'unauthorized'
  | 'bad_request'
  | 'too_large'
  | 'method_not_allowed'
  | 'store_error'
  | 'store_timeout';

/** What {@link NcsReceiverOptions.onOutcome} is told besides the outcome: never the body or a secret. */
export interface NcsOutcomeInfo {
  /** the HTTP status answered */
  readonly status: number;
  /** ms from the start of the request (as the handler saw it) to the answer being ready */
  readonly durationMs: number;
}

/** Options of the webhook receiver (the fetch handler, the node:http adapter and the Fastify plugin). */
export interface NcsReceiverOptions extends VerifyOptions {
  /** where verified events are applied (memory or Redis) */
  readonly store: NcsPresenceStore;
  /** Bodies larger than this are refused with 413 while reading. Default 64 KB. */
  readonly maxBodyBytes?: number;
  /**
   * A `store.apply` that has not settled after this many ms is answered 503
   * `STORAGE_TIMEOUT`, so NCS retries within its 10 s window. A late success is
   * harmless: the retry is then a duplicate. Default 4000.
   */
  readonly storeTimeoutMs?: number;
  /**
   * Called once per delivery with its outcome (Prometheus counters, logs). It
   * never sees the body or a secret; an exception it throws is swallowed.
   */
  readonly onOutcome?: (outcome: NcsOutcome, info: NcsOutcomeInfo) => void;
}

/** The options after {@link resolveReceiverOptions}: defaults filled in. */
export type ResolvedReceiverOptions = NcsReceiverOptions & {
  readonly maxBodyBytes: number;
  readonly storeTimeoutMs: number;
};

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
  /**
   * HTTP status: 200 for applied, duplicate, stale and ignored deliveries; 400,
   * 401, 413, 500 or 503 by {@link NcsErrorCode} (a 503 makes NCS retry)
   */
  readonly status: number;
  /** the JSON body to answer with */
  readonly body: NcsReceiptBody;
}

const STATUS: Record<NcsErrorCode, number> = {
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 401,
  BODY_TOO_LARGE: 413,
  MALFORMED_JSON: 400,
  MALFORMED_EVENT: 400,
  // 503 makes NCS retry (docs/agora-behaviour.md §3): nothing was stored, so nothing is lost.
  STORAGE_FAILED: 503,
  STORAGE_TIMEOUT: 503,
  STORE_UNAVAILABLE: 503,
  INVALID_CONFIG: 500,
  // never thrown by apply; here so the table covers every code
  STATS_DISABLED: 500,
};

const OUTCOME: Record<NcsErrorCode, NcsOutcome> = {
  SIGNATURE_MISSING: 'unauthorized',
  SIGNATURE_INVALID: 'unauthorized',
  BODY_TOO_LARGE: 'too_large',
  MALFORMED_JSON: 'bad_request',
  MALFORMED_EVENT: 'bad_request',
  STORAGE_FAILED: 'store_error',
  STORAGE_TIMEOUT: 'store_timeout',
  STORE_UNAVAILABLE: 'store_error',
  STATS_DISABLED: 'store_error',
  INVALID_CONFIG: 'store_error',
};

/** The outcome a receipt stands for. */
export function outcomeOf(receipt: NcsReceipt): NcsOutcome {
  return receipt.body.ok ? receipt.body.status : OUTCOME[receipt.body.error.code];
}

/**
 * Tells `onOutcome`, if any. `startedAt` is a `performance.now()` reading.
 * A throwing callback must not turn a stored delivery into a failed answer.
 */
export function report(
  options: NcsReceiverOptions,
  outcome: NcsOutcome,
  status: number,
  startedAt: number,
): void {
  const onOutcome = options.onOutcome;
  if (onOutcome === undefined) return;
  try {
    onOutcome(outcome, { status, durationMs: performance.now() - startedAt });
  } catch {
    // metrics or logging failed: the answer still goes out
  }
}

/** The JSON body of a 405 (not a receipt: no NcsErrorCode for a wrong method). */
export const METHOD_NOT_ALLOWED_JSON = JSON.stringify({
  ok: false,
  error: { code: 'METHOD_NOT_ALLOWED' },
});

/** Maps an {@link NcsError} to the receipt the receiver sends. */
export function errorReceipt(error: NcsError): NcsReceipt {
  return {
    status: STATUS[error.code],
    body: { ok: false, error: { code: error.code, message: error.message } },
  };
}

/** Validates receiver options once, at construction, so a bad config fails at startup. */
export function resolveReceiverOptions(options: NcsReceiverOptions): ResolvedReceiverOptions {
  normaliseSecrets(options.secrets);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new NcsError('INVALID_CONFIG', 'maxBodyBytes must be a positive integer.');
  }
  const storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  // setTimeout clamps anything above 2^31 - 1 ms to 1 ms
  if (!Number.isInteger(storeTimeoutMs) || storeTimeoutMs < 1 || storeTimeoutMs > 0x7fff_ffff) {
    throw new NcsError(
      'INVALID_CONFIG',
      'storeTimeoutMs must be a positive integer of milliseconds (at most 2^31 - 1).',
    );
  }
  if (options.onOutcome !== undefined && typeof options.onOutcome !== 'function') {
    throw new NcsError('INVALID_CONFIG', 'onOutcome must be a function.');
  }
  return { ...options, maxBodyBytes, storeTimeoutMs };
}

/** One delivery waiting on its store call: settled first, or timed out. */
interface Deadline {
  readonly at: number;
  /** the store settled (or the timeout fired): nothing more to do */
  done: boolean;
  readonly expire: () => void;
}

/**
 * The deliveries of one `storeTimeoutMs` waiting on the store, oldest first,
 * under ONE timer (a timer per delivery cost more than its store call in
 * bench:ncs). All share the same `ms`, so they expire in arrival order: the
 * timer is armed for the oldest one still waiting, and settled entries are
 * dropped from the front as new ones come, so the queue holds what is waiting.
 */
class DeadlineQueue {
  private readonly queue: Deadline[] = [];
  private head = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly ms: number) {}

  add(expire: () => void): Deadline {
    this.dropDone();
    const entry: Deadline = { at: performance.now() + this.ms, done: false, expire };
    this.queue.push(entry);
    if (this.timer === null) this.arm(this.ms);
    return entry;
  }

  private dropDone(): void {
    const { queue } = this;
    while (this.head < queue.length && (queue[this.head] as Deadline).done) this.head += 1;
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= queue.length) {
      queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private arm(delay: number): void {
    // ceil: a timer may fire up to 1 ms early, and an entry must not be found unexpired
    this.timer = setTimeout(() => this.fire(), Math.max(1, Math.ceil(delay)));
    // The timer may outlive the deliveries it was armed for (settled entries stay
    // queued until it fires): it must not keep a process that is done from exiting.
    // A request still waiting is kept alive by its own socket.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private fire(): void {
    this.timer = null;
    const now = performance.now();
    const { queue } = this;
    while (this.head < queue.length) {
      const entry = queue[this.head] as Deadline;
      if (!entry.done) {
        if (entry.at > now) break;
        entry.done = true;
        entry.expire();
      }
      this.head += 1;
    }
    this.dropDone();
    const next = queue[this.head];
    if (next) this.arm(next.at - now);
  }
}

const deadlineQueues = new Map<number, DeadlineQueue>();

const storageFailed = (cause: unknown): NcsReceipt =>
  errorReceipt(
    new NcsError('STORAGE_FAILED', 'Could not store the event; NCS will retry.', { cause }),
  );

/**
 * The receipt of a store call: 200 with its status once `applying` resolves,
 * 503 `STORAGE_FAILED` if it rejects, 503 `STORAGE_TIMEOUT` if it has not
 * settled after `ms`. Never rejects; the store's own promise is still observed
 * afterwards, so its late rejection is never unhandled.
 */
function bounded(
  applying: Promise<ApplyResult>,
  ms: number,
  noticeId: string,
): Promise<NcsReceipt> {
  let queue = deadlineQueues.get(ms);
  if (!queue) deadlineQueues.set(ms, (queue = new DeadlineQueue(ms)));
  const deadlines = queue;
  return new Promise<NcsReceipt>((resolve) => {
    const deadline = deadlines.add(() => {
      resolve(
        errorReceipt(
          new NcsError(
            'STORAGE_TIMEOUT',
            `The store did not answer within ${ms} ms; NCS will retry.`,
          ),
        ),
      );
    });
    applying.then(
      (result) => {
        deadline.done = true;
        resolve({ status: 200, body: { ok: true, status: result.status, noticeId } });
      },
      (error: unknown) => {
        deadline.done = true;
        resolve(storageFailed(error));
      },
    );
  });
}

/**
 * The receiver without reporting: verify, parse, store (bounded), receipt.
 * Never rejects. Plain promises, not async functions: this runs per delivery.
 */
function receive(
  body: Uint8Array | string,
  headers: HeaderSource,
  options: NcsReceiverOptions,
): Promise<NcsReceipt> {
  let notice: NcsNotice;
  try {
    notice = constructNcsEvent(body, headers, options);
  } catch (error) {
    return Promise.resolve(
      isNcsError(error)
        ? errorReceipt(error)
        : errorReceipt(new NcsError('STORAGE_FAILED', 'Unexpected failure.', { cause: error })),
    );
  }
  if (notice.status === 'ignored') {
    return Promise.resolve({
      status: 200,
      body: { ok: true, status: 'ignored', noticeId: notice.noticeId, ignored: notice.reason },
    });
  }
  let applying: Promise<ApplyResult>;
  try {
    applying = options.store.apply(notice.event);
  } catch (cause) {
    // a store that throws instead of rejecting
    return Promise.resolve(storageFailed(cause));
  }
  return bounded(
    applying,
    options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    notice.event.noticeId,
  );
}

/**
 * {@link receiveNcsDelivery} for the handlers: reports the outcome with the
 * duration since `startedAt` (a `performance.now()` taken when the request arrived).
 */
export function receiveAndReport(
  body: Uint8Array | string,
  headers: HeaderSource,
  options: NcsReceiverOptions,
  startedAt: number,
): Promise<NcsReceipt> {
  const receipt = receive(body, headers, options);
  if (options.onOutcome === undefined) return receipt;
  return receipt.then((r) => {
    report(options, outcomeOf(r), r.status, startedAt);
    return r;
  });
}

/**
 * The framework-free core of the receiver: verify, parse, store, THEN answer
 * (so a 200 always means stored). A store that takes longer than
 * `storeTimeoutMs` gets a 503 `STORAGE_TIMEOUT`. Never throws; every failure
 * becomes a receipt. Calls `onOutcome` once.
 */
export function receiveNcsDelivery(
  body: Uint8Array | string,
  headers: HeaderSource,
  options: NcsReceiverOptions,
): Promise<NcsReceipt> {
  return receiveAndReport(body, headers, options, performance.now());
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
