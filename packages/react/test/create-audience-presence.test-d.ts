import type { Member, PresenceCounts, PresenceError } from '@audience-presence/core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createAudiencePresence,
  useAudiencePresence,
  useDualChannel,
  useMember,
  type AudiencePresence,
  type DualChannelStatus,
  type TypedPresenceChange,
} from '../src/index';

type Viewer = { name: string; avatar: string; role: string };

describe('createAudiencePresence<S>()', () => {
  const typed = createAudiencePresence<Viewer>();

  it('types every member with S', () => {
    const presence = typed.useAudiencePresence();
    expectTypeOf(presence).toEqualTypeOf<AudiencePresence<Viewer>>();
    expectTypeOf(presence.audience[0]!.state.name).toEqualTypeOf<string>();
    expectTypeOf(presence.self).toEqualTypeOf<Member<Viewer> | null>();
    expectTypeOf(typed.useMember('x')).toEqualTypeOf<Member<Viewer> | null>();
    expectTypeOf(typed.useSelf()).toEqualTypeOf<Member<Viewer> | null>();
    // @ts-expect-error not part of Viewer
    void presence.hosts[0]!.state.nickname;
  });

  it('types selectors over the typed state', () => {
    const names = typed.useAudiencePresence((s) =>
      [...s.members.values()].map((m) => m.state.name),
    );
    expectTypeOf(names).toEqualTypeOf<string[]>();
    const count = typed.useAudiencePresence(
      (s) => s.occupancy.total,
      (a, b) => a === b,
    );
    expectTypeOf(count).toEqualTypeOf<number>();
  });

  it('types listener changes', () => {
    typed.usePresenceListener((change) => {
      expectTypeOf(change).toEqualTypeOf<TypedPresenceChange<Viewer>>();
      if (change.type === 'state')
        expectTypeOf(change.previous.state.avatar).toEqualTypeOf<string>();
      if (change.type === 'leave') expectTypeOf(change.reason).toBeString();
    });
  });

  it('checks the state given to useDualChannel', () => {
    typed.useDualChannel({ channel: 'live', state: { name: 'Ana' } });
    // @ts-expect-error not a Viewer field
    typed.useDualChannel({ channel: 'live', state: { nick: 'Ana' } });
    // @ts-expect-error values are strings (RTM state is string key-values)
    typed.useDualChannel({ channel: 'live', state: { name: 1 } });
  });
});

describe('untyped hooks', () => {
  it('default to string state', () => {
    expectTypeOf(useAudiencePresence().audience[0]!.state).toEqualTypeOf<
      Readonly<Record<string, string>>
    >();
    expectTypeOf(useAudiencePresence().counts).toEqualTypeOf<PresenceCounts>();
    expectTypeOf(useAudiencePresence().error).toEqualTypeOf<PresenceError | null>();
    expectTypeOf(useMember('x')).toEqualTypeOf<Member | null>();
  });

  it('useDualChannel returns a typed status and rejects bad roles', () => {
    expectTypeOf(useDualChannel(null).status).toEqualTypeOf<DualChannelStatus>();
    // @ts-expect-error only 'host' | 'audience'
    useDualChannel({ channel: 'live', role: 'admin' });
  });
});
