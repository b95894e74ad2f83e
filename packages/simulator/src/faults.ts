/**
 * A fault the simulated cloud injects into future calls. `times` (default:
 * unlimited) counts how many calls it affects; optional fields narrow which.
 */
export type SimulatedFault =
  /** RTM `login()` never settles: link state loops CONNECTING -> DISCONNECTED(LOGIN_TIMEOUT). */
  | { kind: 'rtm-login-hang'; userId?: string; times?: number }
  /** RTM `subscribe()` rejects with -11021 (RTM_ERROR_CHANNEL_SUBSCRIBE_FAILED). */
  | { kind: 'rtm-subscribe-fail'; userId?: string; channel?: string; times?: number }
  /**
   * The possible SDK bug of docs/agora-behaviour.md §1 ("an expired user in a page can
   * end paging early"): a server-paged `whoNow` with `includedState: true`
   * answers `nextPage: ''` although more pages exist. `times` counts such
   * cut-short pages. Without `includedState` paging is unaffected.
   */
  | { kind: 'rtm-whonow-early-end'; userId?: string; channel?: string; times?: number }
  /** RTC `join()` rejects with an AgoraRTCError-shaped error (`code`, default 'CAN_NOT_GET_GATEWAY_SERVER'). */
  | { kind: 'rtc-join-fail'; channel?: string; code?: string; times?: number }
  /** RTC `join()` never settles; connection state stays CONNECTING. */
  | { kind: 'rtc-join-hang'; channel?: string; times?: number };

/** Which call a fault is checked against. */
export interface FaultTarget {
  userId?: string;
  channel?: string;
}

interface Rule {
  fault: SimulatedFault;
  left: number;
}

/** Active faults; {@link FaultRegistry.take} consumes one use of the first match. */
export class FaultRegistry {
  private rules: Rule[] = [];

  /** Adds a fault; the returned function removes it. */
  add(fault: SimulatedFault): () => void {
    const times = fault.times ?? Infinity;
    if (!(times > 0)) throw new RangeError(`fault.times must be > 0, got ${String(fault.times)}`);
    const rule: Rule = { fault, left: times };
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((r) => r !== rule);
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.rules = [];
  }

  /** The first fault of `kind` matching `target`, consuming one use; else undefined. */
  take<K extends SimulatedFault['kind']>(
    kind: K,
    target: FaultTarget,
  ): Extract<SimulatedFault, { kind: K }> | undefined {
    const rule = this.rules.find((r) => {
      const f = r.fault as SimulatedFault & FaultTarget;
      return (
        f.kind === kind &&
        (f.userId === undefined || f.userId === target.userId) &&
        (f.channel === undefined || f.channel === target.channel)
      );
    });
    if (!rule) return undefined;
    if (--rule.left <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault as Extract<SimulatedFault, { kind: K }>;
  }
}
