// Type-level API tests: checked by `tsc -p packages/core/tsconfig.json`.
import { expectTypeOf } from 'vitest';
import type { RTMClient } from 'agora-rtm-sdk';
import type { SimulatedRtmClient } from '@audience-presence/simulator';
import {
  createPresenceStore,
  selectAudience,
  selectCounts,
  selectMember,
  type Member,
  type PresenceChangeMap,
  type PresenceCounts,
  type RtmClientLike,
} from '../src/index';

const store = createPresenceStore();

// listeners get the payload of the event they subscribed to
store.on('leave', (change) => {
  expectTypeOf(change).toEqualTypeOf<PresenceChangeMap['leave']>();
  expectTypeOf(change.reason).toEqualTypeOf<
    'left' | 'timed-out' | 'missing-from-snapshot' | 'kicked' | 'channel-closed'
  >();
});
store.on('role', (change) =>
  expectTypeOf(change.previous).toEqualTypeOf<'host' | 'audience' | 'unknown'>(),
);
// @ts-expect-error not a change type
store.on('teleport', () => {});

// actions are checked
store.dispatch({ type: 'leave', userId: 'a', reason: 'left' });
// @ts-expect-error a leave needs a reason
store.dispatch({ type: 'leave', userId: 'a' });
// @ts-expect-error roles are host | audience
store.dispatch({ type: 'role', userId: 'a', role: 'boss' });

// selectors
expectTypeOf(selectAudience(store.getState())).toEqualTypeOf<readonly Member[]>();
expectTypeOf(selectCounts(store.getState())).toEqualTypeOf<PresenceCounts>();
expectTypeOf(selectMember(store.getState(), 'a')).toEqualTypeOf<Member | null>();
// @ts-expect-error published lists are read-only
selectAudience(store.getState()).push({} as Member);

// a real RTMClient and the simulator's client both fit the source
expectTypeOf<RTMClient>().toExtend<RtmClientLike>();
expectTypeOf<SimulatedRtmClient>().toExtend<RtmClientLike>();
