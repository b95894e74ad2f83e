/**
 * Property: an app that applies every presence event the way docs/agora-behaviour.md §1
 * describes (SNAPSHOT replaces, REMOTE_* patch, INTERVAL applies that
 * interval's lists and userStateList) ends up with the server's exact member
 * list once the current interval has flushed, whatever the crowd did; every
 * state it holds is the server's or, for a joiner whose states never changed
 * in interval mode, still unknown ({}): a joiner's states are not in the
 * join tick's userStateList (docs/agora-behaviour.md §1b). States changed after the
 * join always arrive.
 */
import type { RTMEvents } from 'agora-rtm-sdk';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { APP_ID, setup } from './helpers/cloud';

type Op =
  | { kind: 'join'; n: number; hand: boolean }
  | { kind: 'leave'; n: number }
  | { kind: 'crash'; n: number }
  | { kind: 'rejoin'; i: number; hand: boolean }
  | { kind: 'state'; i: number; value: string }
  | { kind: 'wait'; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('join' as const),
    n: fc.integer({ min: 1, max: 12 }),
    hand: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('leave' as const), n: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('crash' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('rejoin' as const), i: fc.nat(), hand: fc.boolean() }),
  fc.record({
    kind: fc.constant('state' as const),
    i: fc.nat(),
    value: fc.constantFrom('a', 'b', 'c'),
  }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
);

function apply(view: Map<string, Record<string, string>>, e: RTMEvents.PresenceEvent) {
  switch (e.eventType) {
    case 'SNAPSHOT':
      view.clear();
      for (const u of e.snapshot ?? []) view.set(u.userId, u.states);
      break;
    case 'REMOTE_JOIN':
      view.set(e.publisher, e.stateChanged);
      break;
    case 'REMOTE_LEAVE':
    case 'REMOTE_TIMEOUT':
      view.delete(e.publisher);
      break;
    case 'REMOTE_STATE_CHANGED':
      view.set(e.publisher, e.stateChanged);
      break;
    case 'INTERVAL': {
      const iv = e.interval!;
      for (const u of iv.join.users) view.set(u, {});
      for (const u of [...iv.leave.users, ...iv.timeout.users]) view.delete(u);
      for (const s of iv.userStateList) view.set(s.userId, s.states);
      expect(iv.totalOccupancy).toBe(view.size);
      break;
    }
    default:
      throw new Error(`unexpected ${e.eventType}`);
  }
}

it('event-applied view == server ground truth after every flushed interval', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
      const { cloud, clock } = setup({
        presence: { instantEventThreshold: 8, intervalSeconds: 10 },
      });
      const client = cloud.createRtmClient(APP_ID, 'me');
      const view = new Map<string, Record<string, string>>();
      client.addEventListener('presence', (e) => apply(view, e));
      await client.login();
      await client.subscribe('live');
      const crowd = cloud.crowd('live', { presenceTimeout: 5 });
      const gone: string[] = [];
      const changedSinceJoin = new Set<string>();
      crowd.join(12, { states: { hand: 'up' } }); // start in interval mode most of the time
      for (const o of ops) {
        const live = crowd.members().map((m) => m.userId);
        if (o.kind === 'join') crowd.join(o.n, o.hand ? { states: { hand: 'up' } } : {});
        else if (o.kind === 'leave') gone.push(...crowd.leave(o.n));
        else if (o.kind === 'crash') crowd.crash(o.n);
        else if (o.kind === 'rejoin' && gone.length > 0) {
          const id = gone.splice(o.i % gone.length, 1)[0]!;
          changedSinceJoin.delete(id);
          crowd.join([id], o.hand ? { states: { hand: 'up' } } : {});
        } else if (o.kind === 'state' && live.length > 0) {
          const id = live[o.i % live.length]!;
          changedSinceJoin.add(id);
          crowd.setState(id, { v: o.value });
        } else if (o.kind === 'wait') await clock.advance(o.ms);
      }
      // Flush: crashes expire (5 s) and the pending interval (10 s) is sent.
      await clock.advance(20_000);
      const truth = new Map(
        cloud
          .channel('live')
          .members()
          .map((m) => [m.userId, m.states]),
      );
      expect([...view.keys()].sort()).toEqual([...truth.keys()].sort());
      for (const [userId, states] of view) {
        const real = truth.get(userId)!;
        if (changedSinceJoin.has(userId) || Object.keys(states).length > 0) {
          expect({ userId, states }).toEqual({ userId, states: real });
        } else {
          expect([{}, real]).toContainEqual(states); // unknown until it changes
        }
      }
    }),
    { numRuns: 200 },
  );
});
