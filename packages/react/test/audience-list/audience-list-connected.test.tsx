import { TEST_APP_ID } from '@audience-presence/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { createPresenceStore, PresenceError, type PresenceStore } from '@audience-presence/core';
import { AudiencePresenceProvider } from '../../src/audience-presence-provider';
import { AudienceList } from '../../src/audience-list/audience-list';

const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('ap-audience-list__scroller') ? 480 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});
afterEach(cleanup);

function renderInProvider(store: PresenceStore, list = <AudienceList coalesce={false} />) {
  return render(
    <AudiencePresenceProvider appId={TEST_APP_ID} userId="me" store={store}>
      {list}
    </AudiencePresenceProvider>,
  );
}

const apply = (store: PresenceStore, ...actions: Parameters<PresenceStore['dispatch']>[0][]) =>
  act(() => {
    for (const action of actions) store.dispatch(action);
    store.flush();
  });

describe('AudienceList inside AudiencePresenceProvider (zero configuration)', () => {
  it('shows the skeleton until the first snapshot, then the hosts and audience', () => {
    const store = createPresenceStore({ selfId: 'me' });
    renderInProvider(store);
    expect(screen.getByRole('region').getAttribute('data-state')).toBe('loading');
    apply(
      store,
      { type: 'status', status: 'connected' },
      {
        type: 'snapshot',
        members: [
          { userId: 'me', state: { name: 'Me' } },
          { userId: 'h', state: { name: 'Hana', role: 'host' } },
          { userId: 'a', state: { name: 'Ana' } },
          { userId: 'b', state: { name: 'Bo' } },
        ],
      },
    );
    expect(screen.getByText('1 host · 2 watching')).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((r) => r.textContent)).toEqual([
      'HHanaHost',
      'AAna',
      'BBo',
    ]);
  });

  it('follows joins and counts from totalOccupancy in interval mode', () => {
    const store = createPresenceStore({ selfId: 'me' });
    renderInProvider(store);
    apply(
      store,
      { type: 'status', status: 'connected' },
      { type: 'snapshot', members: [{ userId: 'me' }, { userId: 'a' }] },
    );
    apply(store, {
      type: 'interval',
      joins: ['b', 'c'],
      leaves: [],
      timeouts: [],
      states: [],
      total: 5_001,
    });
    expect(screen.getByText('5,000 watching')).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
  });

  it('dims the list while reconnecting and shows the failure with the app retry', () => {
    const store = createPresenceStore({ selfId: 'me' });
    let retried = 0;
    renderInProvider(store, <AudienceList coalesce={false} onRetry={() => retried++} />);
    apply(
      store,
      { type: 'status', status: 'connected' },
      { type: 'snapshot', members: [{ userId: 'a' }] },
    );
    apply(store, { type: 'status', status: 'reconnecting' });
    expect(screen.getByText('Reconnecting… the list may be out of date.')).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    apply(store, {
      type: 'status',
      status: 'failed',
      error: new PresenceError('RTM_LOGIN_FAILED', { message: 'Login failed.' }),
    });
    expect(screen.getByRole('alert').textContent).toContain('Login failed.');
    act(() => screen.getByRole('button', { name: 'Retry' }).click());
    expect(retried).toBe(1);
  });

  it('lets explicit props win over the provider', () => {
    const store = createPresenceStore({ selfId: 'me' });
    renderInProvider(store, <AudienceList coalesce={false} members={[]} status="connected" />);
    apply(
      store,
      { type: 'status', status: 'connected' },
      { type: 'snapshot', members: [{ userId: 'a' }] },
    );
    expect(screen.getByText('No one is watching yet')).toBeTruthy();
  });

  it('keeps custom rows (renderItem, as the demo uses it) on a background resync error', () => {
    const store = createPresenceStore({ selfId: 'me' });
    renderInProvider(
      store,
      <AudienceList coalesce={false} renderItem={(member) => <span>row {member.userId}</span>} />,
    );
    apply(
      store,
      { type: 'status', status: 'connected' },
      { type: 'snapshot', members: [{ userId: 'a' }, { userId: 'b' }] },
      {
        type: 'invalidate',
        error: new PresenceError('RTM_RESYNC_FAILED', { message: 'resync failed' }),
      },
    );
    expect(store.getState().error?.code).toBe('RTM_RESYNC_FAILED');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getAllByRole('listitem').map((r) => r.textContent)).toEqual(['row a', 'row b']);
  });
});
