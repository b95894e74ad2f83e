/**
 * Reading without connecting: a store fed by any source (here: NCS feed
 * actions dispatched by hand) is read with the same hooks under
 * <PresenceStoreProvider>, with no Agora connection mounted.
 */
import { createPresenceStore } from '@audience-presence/core';
import { act, render, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  PresenceStoreProvider,
  useAudienceCount,
  useAudiencePresence,
  useDualChannel,
  useMember,
  usePresenceStore,
} from '../src/index';
import { setup } from './helpers/simulated-session';

function feedStore() {
  const store = createPresenceStore({ selfId: 'me', includeSelfInAudience: true });
  store.dispatch({
    type: 'snapshot',
    members: [
      { userId: 'ana', state: { name: 'Ana' } },
      { userId: 'bo', state: { name: 'Bo', role: 'host' } },
    ],
  });
  store.flush();
  return store;
}

describe('<PresenceStoreProvider> (reading without connecting)', () => {
  it('the read hooks work the same under it, with no session (AudienceList: test/audience-list)', () => {
    const store = feedStore();
    const wrapper = ({ children }: { children?: React.ReactNode }) => (
      <PresenceStoreProvider store={store}>{children}</PresenceStoreProvider>
    );
    const { result } = renderHook(
      () => ({
        presence: useAudiencePresence(),
        count: useAudienceCount(),
        ana: useMember('ana'),
        store: usePresenceStore(),
      }),
      { wrapper },
    );
    expect(result.current.store).toBe(store);
    expect(result.current.presence.audience.map((m) => m.userId)).toEqual(['ana']);
    expect(result.current.presence.hosts.map((m) => m.userId)).toEqual(['bo']);
    expect(result.current.count).toBe(1);
    expect(result.current.ana?.state.name).toBe('Ana');

    act(() => {
      store.dispatch({ type: 'join', userId: 'cy', state: { name: 'Cy' } });
      store.flush();
    });
    expect(result.current.count).toBe(2);
  });

  it('useDualChannel under it alone says it needs <AudiencePresenceProvider>', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = feedStore();
    expect(() =>
      renderHook(() => useDualChannel({ channel: 'x' }), {
        wrapper: ({ children }) => (
          <PresenceStoreProvider store={store}>{children}</PresenceStoreProvider>
        ),
      }),
    ).toThrow(/inside <AudiencePresenceProvider> \(a <PresenceStoreProvider> only reads\)/);
    spy.mockRestore();
  });

  it('inside <AudiencePresenceProvider> it overrides what the read hooks see; useDualChannel still joins', async () => {
    const env = setup();
    const store = feedStore();
    function Probe() {
      const dual = useDualChannel({ channel: 'live' });
      return (
        <PresenceStoreProvider store={store}>
          <Reader status={dual.status} />
        </PresenceStoreProvider>
      );
    }
    const seen: { status: string; ids: string[] }[] = [];
    function Reader({ status }: { status: string }) {
      const { members } = useAudiencePresence();
      seen.push({ status, ids: members.map((m) => m.userId) });
      return null;
    }
    render(
      <env.Wrapper>
        <Probe />
      </env.Wrapper>,
    );
    await env.settle();
    expect(seen.at(-1)).toEqual({ status: 'joined', ids: ['ana', 'bo'] });
    expect(env.cloud.channel('live').has('me')).toBe(true);
  });
});
