// @vitest-environment node
import { TEST_APP_ID } from '@audience-presence/test-utils';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import {
  AudiencePresenceProvider,
  useAudienceCount,
  useAudiencePresence,
  useDualChannel,
  useMemberIds,
  usePresenceStatus,
} from '../src/index';

function Page() {
  const dual = useDualChannel({ channel: 'live', role: 'audience', state: { name: 'Ana' } });
  const presence = useAudiencePresence();
  const count = useAudienceCount();
  const ids = useMemberIds();
  const { stale } = usePresenceStatus();
  return (
    <main>
      <p id="dual">{dual.status}</p>
      <p id="status">{presence.status}</p>
      <p id="count">{count}</p>
      <p id="ids">{ids.length}</p>
      <p id="stale">{String(stale)}</p>
    </main>
  );
}

describe('server rendering (Node, no window)', () => {
  it('renders an empty, valid state and creates no client', () => {
    expect(typeof window).toBe('undefined');
    const rtmFactory = vi.fn();
    const rtcFactory = vi.fn();
    const html = renderToString(
      <AudiencePresenceProvider
        appId={TEST_APP_ID}
        userId="ana"
        rtmClient={rtmFactory}
        rtcClient={rtcFactory}
      >
        <Page />
      </AudiencePresenceProvider>,
    );
    expect(html).toBe(
      '<main><p id="dual">idle</p><p id="status">idle</p><p id="count">0</p><p id="ids">0</p><p id="stale">false</p></main>',
    );
    expect(rtmFactory).not.toHaveBeenCalled();
    expect(rtcFactory).not.toHaveBeenCalled();
  });

  it('renders with the default (lazily imported) clients, although the SDKs cannot load here', async () => {
    const html = renderToString(
      <AudiencePresenceProvider appId={TEST_APP_ID} userId="ana">
        <Page />
      </AudiencePresenceProvider>,
    );
    expect(html).toContain('<p id="dual">idle</p>');
    // what a top-level SDK import would have done to this whole file (docs/agora-behaviour.md §1)
    await expect(import('agora-rtm-sdk')).rejects.toThrow(/window is not defined/);
  });
});
