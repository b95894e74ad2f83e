import type { PresenceAction } from '../actions';
import { PresenceError } from '../errors';
import type { LeaveReason, StageRole } from '../model';

/** The part of the browser `EventSource` this source uses (injectable for tests and polyfills). */
export interface EventSourceLike {
  /** 0 connecting, 1 open, 2 closed (an `error` while 2 means EventSource gave up) */
  readonly readyState: number;
  /** Listens to a named event (`open`, `error`, `snapshot`, `join`, ...); `event.data` is the message's text. */
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  /** Closes the connection for good. */
  close(): void;
}

/** A constructor of {@link EventSourceLike}, such as the global `EventSource`. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/** Options of {@link connectNcsFeed}. */
export interface NcsFeedOptions {
  /** the server's feed URL: `https://host/channels/<channelName>/events` */
  readonly url: string;
  /** receives canonical presence actions (usually the store's dispatch) */
  readonly dispatch: (action: PresenceAction) => void;
  /**
   * The server's read token (PRESENCE_READ_TOKEN). Sent as the `access_token`
   * query parameter, because EventSource cannot set headers.
   */
  readonly token?: string;
  /** EventSource implementation; defaults to `globalThis.EventSource` */
  readonly EventSource?: EventSourceConstructor;
}

/** A live feed connection. */
export interface NcsFeedConnection {
  /** Stops listening for good (no reconnect). */
  close(): void;
}

const CLOSED = 2;

/**
 * Maps an NCS leave reason (docs/agora-behaviour.md §3) to the domain's LeaveReason.
 * 4, 9, 10 and 99 are network trouble the SDK recovers from: a timeout, not a quit.
 */
export function ncsLeaveReason(code: number | null): LeaveReason {
  switch (code) {
    case null:
      return 'channel-closed'; // 102: the channel was destroyed
    case 2:
    case 4:
    case 9:
    case 10:
    case 99:
      return 'timed-out';
    case 3:
    case 5:
    case 12:
    case 999:
      return 'kicked';
    default:
      return 'left'; // 1 quit, 0 other
  }
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isRole = (v: unknown): v is StageRole => v === 'host' || v === 'audience';
const isUid = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function members(list: unknown, role: StageRole): { userId: string; role: StageRole }[] | null {
  if (!Array.isArray(list)) return null;
  const out: { userId: string; role: StageRole }[] = [];
  for (const m of list) {
    if (!isObject(m) || !isUid(m['uid'])) return null;
    out.push({ userId: String(m['uid']), role });
  }
  return out;
}

/** Turns one feed message into an action, or `null` when its shape is wrong. */
function toAction(type: string, data: unknown): PresenceAction | null {
  if (!isObject(data)) return null;
  if (type === 'snapshot') {
    const hosts = members(data['hosts'], 'host');
    const audience = members(data['audience'], 'audience');
    return hosts && audience ? { type: 'snapshot', members: [...hosts, ...audience] } : null;
  }
  if (type === 'join') {
    const member = data['member'];
    if (!isObject(member) || !isUid(member['uid']) || !isRole(member['role'])) return null;
    return { type: 'join', userId: String(member['uid']), role: member['role'] };
  }
  if (!isUid(data['uid'])) return null;
  const userId = String(data['uid']);
  if (type === 'role')
    return isRole(data['role']) ? { type: 'role', userId, role: data['role'] } : null;
  const reason = data['reason'];
  if (reason !== null && typeof reason !== 'number') return null;
  return { type: 'leave', userId, reason: ncsLeaveReason(reason) };
}

/**
 * Reads the presence feed of an `@audience-presence/ncs` server (Server-Sent
 * Events) and dispatches canonical actions: the `snapshot`, then `join`,
 * `leave` and `role`, plus `status` actions for the connection. EventSource
 * reconnects by itself and sends `Last-Event-ID`, so the server replays what
 * was missed (or sends a fresh snapshot). Browser-safe: no Node or Agora import.
 *
 * @example
 * const feed = connectNcsFeed({ url: 'http://127.0.0.1:8787/channels/live/events', dispatch: store.dispatch });
 * // later
 * feed.close();
 */
export function connectNcsFeed(options: NcsFeedOptions): NcsFeedConnection {
  const { dispatch } = options;
  const Source =
    options.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  if (Source === undefined) {
    dispatch({
      type: 'status',
      status: 'failed',
      error: new PresenceError('FEED_FAILED', {
        message: 'No EventSource in this environment: pass one as the EventSource option.',
      }),
    });
    return { close() {} };
  }
  let url = options.url;
  if (options.token !== undefined) {
    url += `${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(options.token)}`;
  }
  let closed = false;
  dispatch({ type: 'status', status: 'connecting' });
  const source = new Source(url);
  const emit = (action: PresenceAction): void => {
    if (!closed) dispatch(action);
  };

  source.addEventListener('open', () => emit({ type: 'status', status: 'connected', error: null }));
  source.addEventListener('error', () => {
    // CLOSED: the server refused (401, 404, wrong content type); EventSource gives up.
    // Otherwise it is already reconnecting, and will send Last-Event-ID.
    const failed = source.readyState === CLOSED;
    emit({
      type: 'status',
      status: failed ? 'failed' : 'reconnecting',
      error: new PresenceError('FEED_FAILED', {
        message: `The presence feed at ${options.url} ${failed ? 'refused the connection' : 'dropped; reconnecting'}.`,
      }),
    });
  });
  for (const type of ['snapshot', 'join', 'leave', 'role']) {
    source.addEventListener(type, (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        data = undefined;
      }
      const action = toAction(type, data);
      emit(
        action ?? {
          type: 'ignored',
          why: 'malformed',
          detail: `${type}: ${String(event.data).slice(0, 200)}`,
        },
      );
    });
  }
  source.addEventListener('feed-error', (event) =>
    emit({
      type: 'status',
      status: 'reconnecting',
      error: new PresenceError('FEED_FAILED', {
        message: `The presence server failed: ${String(event.data).slice(0, 200)}`,
      }),
    }),
  );
  source.addEventListener('message', (event) =>
    emit({
      type: 'ignored',
      why: 'unknown-type',
      detail: `unnamed feed message: ${String(event.data).slice(0, 200)}`,
    }),
  );

  return {
    close() {
      if (closed) return;
      closed = true;
      source.close();
      dispatch({ type: 'status', status: 'disconnected', error: null });
    },
  };
}
