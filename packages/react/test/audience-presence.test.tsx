import {
  adaptPresenceEvent,
  createPresenceStore,
  EMPTY_MEMBER_LIST,
  selectAudience,
  type PresenceChange,
} from '@audience-presence/core';
import { act, render, renderHook } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import {
  shallow,
  useAudienceCount,
  useAudiencePresence,
  useDualChannel,
  useMember,
  useMemberIds,
  usePresenceCounts,
  usePresenceListener,
  usePresenceStatus,
  usePresenceStore,
  useSelf,
} from '../src/index';
import { setup } from './helpers/simulated-session';

/** joins 'live' as audience from inside the provider */
function Joiner({ children }: { children?: ReactNode }) {
  useDualChannel({ channel: 'live', state: { name: 'Me' } });
  return <>{children}</>;
}

type Env = ReturnType<typeof setup>;

/** `ui` inside the test's provider, joined to 'live' */
function joined(env: Env, ui: ReactNode) {
  return (
    <env.Wrapper>
      <Joiner>{ui}</Joiner>
    </env.Wrapper>
  );
}

/** a `renderHook` wrapper: the test's provider, joined to 'live' */
function joinedWrapper(env: Env) {
  return function JoinedWrapper({ children }: { children?: ReactNode }) {
    return joined(env, children);
  };
}

/** renders `ui` inside the test's provider, joined to 'live' */
const renderJoined = (env: Env, ui: ReactNode) => render(joined(env, ui));

/** counts commits of a subtree */
function Counted({
  counts,
  id,
  children,
}: {
  counts: Map<string, number>;
  id: string;
  children: ReactNode;
}) {
  return (
    <Profiler id={id} onRender={() => counts.set(id, (counts.get(id) ?? 0) + 1)}>
      {children}
    </Profiler>
  );
}

describe('useAudiencePresence', () => {
  it('is empty and idle before joining; lists are frozen shared constants', () => {
    const env = setup();
    const { result, rerender } = renderHook(() => useAudiencePresence(), { wrapper: env.Wrapper });
    const first = result.current;
    expect(first).toMatchObject({
      count: 0,
      status: 'idle',
      stale: false,
      error: null,
      self: null,
    });
    expect(first.audience).toBe(EMPTY_MEMBER_LIST);
    rerender();
    expect(result.current).toBe(first); // the same view object: no fresh [] ever
  });

  it('hosts from RTC and from RTM state; audience is everyone else, self excluded', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const [rtcHost] = crowd.join(1, { role: 'host' }); // RTC reports it (user-joined)
    const [stateHost] = crowd.join(1, { states: { role: 'host' } }); // only its RTM state says so
    const viewers = crowd.join(3, { states: { role: 'audience' } });
    const { result } = renderHook(() => useAudiencePresence(), {
      wrapper: joinedWrapper(env),
    });
    await env.settle();
    expect(result.current.hosts.map((m) => m.userId).sort()).toEqual([rtcHost, stateHost].sort());
    expect(result.current.audience.map((m) => m.userId).sort()).toEqual([...viewers].sort());
    expect(result.current.count).toBe(3);
    expect(result.current.counts).toEqual({ hosts: 2, audience: 3, total: 6 });
    expect(result.current.self?.userId).toBe('me');
    expect(result.current.members).toHaveLength(6);
    // the RTC host steps down: RTC no longer reports it (user-left BecomeAudience)
    act(() => crowd.setRole(rtcHost!, 'audience'));
    await env.settle();
    expect(result.current.hosts.map((m) => m.userId)).toEqual([stateHost]);
    expect(result.current.count).toBe(4);
  });

  it('includeSelfInAudience lists and counts the local user', async () => {
    const env = setup({ provider: { includeSelfInAudience: true } });
    env.cloud.crowd('live').join(2);
    const { result } = renderHook(() => useAudiencePresence(), {
      wrapper: joinedWrapper(env),
    });
    await env.settle();
    expect(result.current.audience.map((m) => m.userId)).toContain('me');
    expect(result.current.count).toBe(3);
  });

  it("big channels: the count is Agora's totalOccupancy (interval mode)", async () => {
    const env = setup({ presence: { instantEventThreshold: 8, intervalSeconds: 10 } });
    const { result } = renderHook(() => useAudiencePresence(), {
      wrapper: joinedWrapper(env),
    });
    await env.settle();
    env.cloud.crowd('live').join(2_000);
    await env.advance(10_000);
    expect(result.current.occupancy).toEqual({ total: 2_001, source: 'interval' });
    expect(result.current.count).toBe(2_000);
    expect(env.cloud.channel('live').occupancy()).toBe(2_001);
  });

  it('selector form with isEqual re-renders only when the selection changes', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const [a, b] = crowd.join(2, { states: { name: 'A' } });
    const renders = new Map<string, number>();
    function Names() {
      const names = useAudiencePresence(
        (s) => selectAudience(s).map((m) => m.state.name ?? m.userId),
        shallow,
      );
      return <p>{names.join(',')}</p>;
    }
    const view = renderJoined(
      env,
      <Counted counts={renders} id="names">
        <Names />
      </Counted>,
    );
    await env.settle();
    expect(view.container.textContent).toBe('A,A');
    const before = renders.get('names');
    act(() => crowd.setState(a!, { name: 'A', mood: 'happy' })); // names unchanged
    await env.settle();
    expect(renders.get('names')).toBe(before);
    act(() => crowd.setState(b!, { name: 'B' }));
    await env.settle();
    expect(view.container.textContent).toBe('A,B');
    expect(renders.get('names')).toBe(before! + 1);
  });
});

describe('render counts', () => {
  function Count() {
    return <p>{useAudienceCount()}</p>;
  }
  function Row({ id }: { id: string }) {
    const member = useMember(id);
    return <li>{member?.state.name ?? id}</li>;
  }

  it('a count-only reader does not re-render on state-only changes', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const ids = crowd.join(5);
    const renders = new Map<string, number>();
    function Everything() {
      useAudiencePresence();
      return null;
    }
    renderJoined(
      env,
      <>
        <Counted counts={renders} id="count">
          <Count />
        </Counted>
        <Counted counts={renders} id="all">
          <Everything />
        </Counted>
      </>,
    );
    await env.settle();
    const count = renders.get('count')!;
    const all = renders.get('all')!;
    act(() => crowd.setState(ids[0]!, { name: 'Zoe' }));
    await env.settle();
    expect(renders.get('all')).toBe(all + 1); // the state change is visible to list readers
    expect(renders.get('count')).toBe(count); // ...but not to the count
    act(() => void crowd.join(1));
    await env.settle();
    expect(renders.get('count')).toBe(count + 1);
  });

  it('a row for member X does not re-render when member Y changes', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const [x, y] = crowd.join(2, { states: { name: 'x' } });
    const renders = new Map<string, number>();
    renderJoined(
      env,
      <>
        <Counted counts={renders} id="x">
          <Row id={x!} />
        </Counted>
        <Counted counts={renders} id="y">
          <Row id={y!} />
        </Counted>
      </>,
    );
    await env.settle();
    const rx = renders.get('x')!;
    const ry = renders.get('y')!;
    act(() => crowd.setState(y!, { name: 'why' }));
    await env.settle();
    expect(renders.get('y')).toBe(ry + 1);
    expect(renders.get('x')).toBe(rx);
  });

  it('useMemberIds keeps its array on state changes', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const [a] = crowd.join(3);
    const { result } = renderHook(() => useMemberIds(), {
      wrapper: joinedWrapper(env),
    });
    await env.settle();
    const ids = result.current;
    expect(ids).toHaveLength(4);
    act(() => crowd.setState(a!, { name: 'A' }));
    await env.settle();
    expect(result.current).toBe(ids);
  });

  it('1,000 RTM presence events in one tick cause one render of a subscriber', async () => {
    const env = setup();
    const store = createPresenceStore({ selfId: 'me' });
    const renders = new Map<string, number>();
    function Everything() {
      return <p>{useAudiencePresence().audience.length}</p>;
    }
    const view = render(
      <env.Wrapper store={store}>
        <Counted counts={renders} id="all">
          <Everything />
        </Counted>
      </env.Wrapper>,
    );
    const before = renders.get('all')!;
    // SDK-shaped REMOTE_JOIN events (docs/agora-behaviour.md §1) through core's adapter, as bindRtmSource feeds them
    act(() => {
      for (let i = 0; i < 1_000; i++) {
        const event = {
          eventType: 'REMOTE_JOIN',
          channelType: 'MESSAGE',
          channelName: 'live',
          publisher: `u${i}`,
          stateChanged: {},
          interval: null,
          snapshot: [],
          timestamp: i,
        };
        for (const action of adaptPresenceEvent(event, 'live')) store.dispatch(action);
      }
    });
    await env.settle();
    expect(view.container.textContent).toBe('1000');
    expect(renders.get('all')).toBe(before + 1);
  });

  it('a burst of 120 RTM presence events in one tick causes one render', async () => {
    const env = setup({ presence: { instantEventThreshold: 128 } });
    const renders = new Map<string, number>();
    function Everything() {
      return <p>{useAudiencePresence().count}</p>;
    }
    const view = renderJoined(
      env,
      <Counted counts={renders} id="all">
        <Everything />
      </Counted>,
    );
    await env.settle();
    const before = renders.get('all')!;
    act(() => void env.cloud.crowd('live').join(120)); // 120 single REMOTE_JOIN events, synchronously
    await env.settle();
    expect(view.container.textContent).toBe('120');
    expect(renders.get('all')).toBe(before + 1);
  });
});

describe('focused hooks', () => {
  it('usePresenceCounts, useSelf, usePresenceStatus', async () => {
    const env = setup();
    env.cloud.crowd('live').join(2);
    const { result } = renderHook(
      () => ({ counts: usePresenceCounts(), self: useSelf(), status: usePresenceStatus() }),
      {
        wrapper: joinedWrapper(env),
      },
    );
    await env.settle();
    expect(result.current.counts).toEqual({ hosts: 0, audience: 2, total: 3 });
    expect(result.current.self?.state.name).toBe('Me');
    expect(result.current.status).toEqual({
      status: 'connected',
      stale: false,
      staleSince: null,
      error: null,
    });
  });

  it('usePresenceStore returns the provider store (given or created)', () => {
    const env = setup();
    const given = createPresenceStore();
    const { result } = renderHook(() => usePresenceStore(), {
      wrapper: ({ children }) => <env.Wrapper store={given}>{children}</env.Wrapper>,
    });
    expect(result.current).toBe(given);
    const created = renderHook(() => usePresenceStore(), { wrapper: env.Wrapper });
    expect(created.result.current.getState().selfId).toBe('me');
  });

  it('usePresenceListener gets join, state, leave and timeout changes in order', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live', { presenceTimeout: 10 });
    const [early] = crowd.join(1);
    const seen: string[] = [];
    function Feed() {
      usePresenceListener((change: PresenceChange) => {
        seen.push(
          change.type === 'leave'
            ? `leave:${change.member.userId}:${change.reason}`
            : `${change.type}:${change.member.userId}`,
        );
      });
      return null;
    }
    renderJoined(env, <Feed />);
    await env.settle();
    expect(seen).toEqual([]); // the first snapshot announces nobody
    const [late] = crowd.join(1);
    crowd.setState(late!, { name: 'L' });
    crowd.leave([early!]);
    crowd.crash([late!]);
    await env.advance(30_000);
    expect(seen).toEqual([
      `join:${late}`,
      `state:${late}`,
      `leave:${early}:left`,
      `leave:${late}:timed-out`,
      `timeout:${late}`,
    ]);
  });

  it('usePresenceListener can filter by type and always calls the latest listener', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const calls: string[] = [];
    function Feed({ tag }: { tag: string }) {
      usePresenceListener((c) => calls.push(`${tag}:${c.type}`), { types: ['join'] });
      return null;
    }
    const view = renderJoined(env, <Feed tag="a" />);
    await env.settle();
    view.rerender(joined(env, <Feed tag="b" />));
    const [id] = crowd.join(1);
    crowd.leave([id!]);
    await env.settle();
    expect(calls).toEqual(['b:join']);
  });
});
