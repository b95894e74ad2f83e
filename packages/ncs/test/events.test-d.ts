import { expectTypeOf } from 'vitest';
import type { FeedEvent, NcsNotice, NcsRtcEvent } from '../src/index';

// Narrowing on `kind` exposes exactly the fields of that event type.
declare const event: NcsRtcEvent;
if (event.kind === 'leave') {
  expectTypeOf(event.reason).toEqualTypeOf<number>();
  expectTypeOf(event.eventType).toEqualTypeOf<104 | 106 | 108>();
  expectTypeOf(event.role).toEqualTypeOf<'host' | 'audience'>();
}
if (event.kind === 'role-change') {
  expectTypeOf(event.eventType).toEqualTypeOf<111 | 112>();
  // @ts-expect-error a role change has no platform
  void event.platform;
}
if (event.kind === 'channel-destroyed') {
  // @ts-expect-error 102 carries no uid
  void event.uid;
}

declare const notice: NcsNotice;
if (notice.status === 'ignored') {
  expectTypeOf(notice.reason).toEqualTypeOf<
    'other-product' | 'unknown-event-type' | 'test-event'
  >();
}

declare const feed: FeedEvent;
if (feed.type === 'leave') expectTypeOf(feed.reason).toEqualTypeOf<number | null>();
