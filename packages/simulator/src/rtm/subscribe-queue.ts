import type { RtmOperationResponse as SubscribeResponse } from '../agora-types';
import type { RecordedSubscribeOptions } from './subscriptions';

type Resolve = (r: SubscribeResponse) => void;

interface Queued {
  options: RecordedSubscribeOptions;
  settle: { resolve: Resolve; reject(e: unknown): void } | undefined;
}

/**
 * Subscribes made while the link is down after a first connection: cached and
 * replayed when it is back (agora-rtm-sdk 2.3.0's `_pendingSubscribeInLinkDown`,
 * docs/agora-behaviour.md §1b "Link down after a first connection"). The notes say
 * such a subscribe resolves when the link is back (`'on-reconnect'`, the
 * default); a reading of the SDK's code says at once (`'at-once'`).
 */
export class SubscribeQueue {
  private readonly queued = new Map<string, Queued>();

  constructor(private readonly mode: 'at-once' | 'on-reconnect') {}

  /** Number of queued channels (they count toward the channel limit). */
  get size(): number {
    return this.queued.size;
  }

  /** The options a queued channel will be subscribed with. */
  optionsOf(channel: string): RecordedSubscribeOptions | undefined {
    return this.queued.get(channel)?.options;
  }

  /** Queues (or re-queues) `channel`; `done` is what the subscribe resolves with. */
  add(
    channel: string,
    options: RecordedSubscribeOptions,
    done: SubscribeResponse,
  ): Promise<SubscribeResponse> {
    if (this.mode === 'at-once') {
      this.queued.set(channel, { options, settle: undefined });
      return Promise.resolve(done);
    }
    return new Promise((resolve, reject) => {
      this.queued.get(channel)?.settle?.resolve(done);
      this.queued.set(channel, { options, settle: { resolve, reject } });
    });
  }

  /** Cancels a queued channel (unsubscribe); true when there was one. */
  cancel(channel: string, done: SubscribeResponse): boolean {
    const queued = this.queued.get(channel);
    if (!queued) return false;
    this.queued.delete(channel);
    queued.settle?.resolve(done);
    return true;
  }

  /** Empties the queue for replay: each channel, its options and its resolver. */
  take(): [string, RecordedSubscribeOptions, Resolve | undefined][] {
    const all = [...this.queued].map(
      ([channel, q]): [string, RecordedSubscribeOptions, Resolve | undefined] => [
        channel,
        q.options,
        q.settle?.resolve,
      ],
    );
    this.queued.clear();
    return all;
  }

  /** Empties the queue, rejecting waiting subscribes with `error` (logout). */
  rejectAll(error: () => unknown): void {
    for (const { settle } of this.queued.values()) settle?.reject(error());
    this.queued.clear();
  }
}
