// @vitest-environment node
import { TEST_APP_ID } from '@audience-presence/test-utils';
import { renderToString } from 'react-dom/server';
import { version } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  AudienceList,
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

describe(`server rendering (Node, no window, React ${version})`, () => {
  // React reports SSR problems (React 18: "useLayoutEffect does nothing on the
  // server") through console.error / console.warn: any call fails the test.
  let consoleCalls: MockInstance[] = [];
  beforeEach(() => {
    consoleCalls = [
      vi.spyOn(console, 'error').mockImplementation(() => {}),
      vi.spyOn(console, 'warn').mockImplementation(() => {}),
    ];
  });
  afterEach(() => {
    const printed = consoleCalls.flatMap((spy) => spy.mock.calls.map((args) => String(args[0])));
    for (const spy of consoleCalls) spy.mockRestore();
    expect(printed).toEqual([]);
  });

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

  it('renders AudienceList (empty, valid) with no warning on React 18 or 19', () => {
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
        <AudienceList height={300} />
      </AudiencePresenceProvider>,
    );
    expect(html).toContain('<p id="count">0</p>');
    expect(html).toContain('audience-list');
  });
});
