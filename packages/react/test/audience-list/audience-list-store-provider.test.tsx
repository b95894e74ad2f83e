/** AudienceList reads a store mounted with <PresenceStoreProvider> alone (no Agora connection). */
import { createPresenceStore } from '@audience-presence/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AudienceList, PresenceStoreProvider } from '../../src/index';

describe('AudienceList under <PresenceStoreProvider>', () => {
  it('shows the store it is given, with no session mounted', () => {
    const store = createPresenceStore();
    store.dispatch({
      type: 'snapshot',
      members: [
        { userId: 'ana', state: { name: 'Ana' } },
        { userId: 'bo', state: { name: 'Bo', role: 'host' } },
        { userId: 'cy', state: { name: 'Cy' } },
      ],
    });
    store.flush();
    render(
      <PresenceStoreProvider store={store}>
        <AudienceList coalesce={false} />
      </PresenceStoreProvider>,
    );
    expect(screen.getByText('1 host · 2 watching')).toBeTruthy();
  });
});
