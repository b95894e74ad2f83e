import type { StageRole } from '@audience-presence/react';
import type { MirroredUser } from './sim-world';

/** How often a tab repeats its own presence to the other tabs, ms. */
export const TAB_HEARTBEAT_MS = 1_000;
/** Silence after which another tab counts as gone (closed, frozen, offline), ms. */
export const TAB_SILENCE_MS = 3_500;

/** What tabs tell each other over BroadcastChannel. */
export type TabMessage =
  | {
      readonly type: 'presence';
      readonly userId: string;
      readonly name: string;
      readonly role: StageRole;
      readonly hand: boolean;
    }
  | { readonly type: 'bye'; readonly userId: string }
  /** a tab that just started asks the others to announce themselves now */
  | { readonly type: 'hello' };

/** Where mirrored users go: this tab's simulated channel. */
export interface MirrorTarget {
  upsertMirror(user: MirroredUser): void;
  removeMirror(userId: string, how: 'leave' | 'crash'): void;
}

function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m['type'] === 'hello') return { type: 'hello' };
  if (typeof m['userId'] !== 'string' || !/^\d{1,10}$/.test(m['userId'])) return null;
  if (m['type'] === 'bye') return { type: 'bye', userId: m['userId'] };
  if (
    m['type'] === 'presence' &&
    typeof m['name'] === 'string' &&
    (m['role'] === 'host' || m['role'] === 'audience') &&
    typeof m['hand'] === 'boolean'
  ) {
    return {
      type: 'presence',
      userId: m['userId'],
      name: m['name'].slice(0, 64),
      role: m['role'],
      hand: m['hand'],
    };
  }
  return null;
}

/**
 * Lets several tabs of the demo share one simulated channel. Each tab has its
 * own in-memory cloud; this link announces the tab's own user (with a
 * heartbeat) and mirrors the users of the other tabs into this tab's cloud as
 * simulated members. A tab that closes says goodbye (a graceful leave); a tab
 * that goes silent (crashed, offline) is crashed in the mirror, so it times
 * out after the presence timeout, just as on Agora.
 */
export class TabLink {
  readonly #bus: BroadcastChannel;
  readonly #target: MirrorTarget;
  readonly #lastHeard = new Map<string, number>();
  #self: MirroredUser | null = null;
  #paused = false;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #onPageHide = () => this.#sayBye();

  constructor(channel: string, target: MirrorTarget) {
    this.#target = target;
    this.#bus = new BroadcastChannel(`audience-presence-demo:${channel}`);
    this.#bus.onmessage = (event: MessageEvent<unknown>) => this.#receive(event.data);
    this.#timer = setInterval(() => this.#tick(), TAB_HEARTBEAT_MS);
    addEventListener('pagehide', this.#onPageHide);
    this.#bus.postMessage({ type: 'hello' } satisfies TabMessage);
  }

  /** Sets (or clears, with null) this tab's own user, announced to the other tabs. */
  announce(self: MirroredUser | null): void {
    const previous = this.#self;
    this.#self = self;
    if (previous !== null && previous.userId !== self?.userId) {
      this.#bus.postMessage({ type: 'bye', userId: previous.userId } satisfies TabMessage);
    }
    this.#send();
  }

  /**
   * Stops (true) or resumes heartbeats: while this tab's network is "dropped",
   * the other tabs stop hearing it and see it time out.
   */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    if (!paused) this.#send();
  }

  /** Says goodbye and stops listening. */
  close(): void {
    this.#sayBye();
    clearInterval(this.#timer);
    removeEventListener('pagehide', this.#onPageHide);
    this.#bus.close();
  }

  #sayBye(): void {
    if (this.#self !== null) {
      this.#bus.postMessage({ type: 'bye', userId: this.#self.userId } satisfies TabMessage);
    }
  }

  #send(): void {
    if (this.#self === null || this.#paused) return;
    this.#bus.postMessage({ type: 'presence', ...this.#self } satisfies TabMessage);
  }

  #receive(data: unknown): void {
    const message = parseTabMessage(data);
    if (message === null) return; // another version of the demo, or garbage: ignore
    if (message.type === 'hello') return this.#send();
    if (message.userId === this.#self?.userId) return;
    if (message.type === 'bye') {
      this.#lastHeard.delete(message.userId);
      this.#target.removeMirror(message.userId, 'leave');
      return;
    }
    this.#lastHeard.set(message.userId, Date.now());
    const { userId, name, role, hand } = message;
    this.#target.upsertMirror({ userId, name, role, hand });
  }

  #tick(): void {
    this.#send();
    const now = Date.now();
    for (const [userId, heard] of this.#lastHeard) {
      if (now - heard < TAB_SILENCE_MS) continue;
      this.#lastHeard.delete(userId);
      this.#target.removeMirror(userId, 'crash');
    }
  }
}
