// Adding the provider to an app that already uses agora-rtc-react: same tree,
// same client, its useJoin untouched.
import { asAgoraRTCClient } from '@audience-presence/simulator/agora';
import { render } from '@testing-library/react';
import { AgoraRTCProvider, useJoin, useRemoteUsers } from 'agora-rtc-react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AudiencePresenceProvider, useAudiencePresence, useDualChannel } from '../src/index';
import { setup } from './helpers/simulated-session';

beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

describe('next to agora-rtc-react', () => {
  it("the app's useJoin and useDualChannel share one client; hosts agree with useRemoteUsers", async () => {
    const env = setup();
    const join = vi.spyOn(env.rtc, 'join');
    function Stage() {
      useJoin({ appid: 'app', channel: 'live', token: null, uid: 555 }); // the app's existing code
      const dual = useDualChannel({ channel: 'live' }); // the one line added
      const remote = useRemoteUsers();
      const { hosts } = useAudiencePresence();
      return (
        <p>
          {dual.status}|{dual.rtcUid}|{remote.map((u) => u.uid).join(',')}|
          {hosts.map((m) => m.userId).join(',')}
        </p>
      );
    }
    const client = asAgoraRTCClient(env.rtc);
    const view = render(
      <AgoraRTCProvider client={client}>
        <AudiencePresenceProvider {...env.props} rtcClient={env.rtc}>
          <Stage />
        </AudiencePresenceProvider>
      </AgoraRTCProvider>,
    );
    await env.settle();
    await env.advance(100);
    expect(view.container.textContent).toBe('joined|555||');
    expect(join).toHaveBeenCalledTimes(1); // useJoin's; useDualChannel adopted it
    const [host] = env.cloud.crowd('live').join(1, { role: 'host' });
    await env.settle();
    await env.advance(100);
    expect(view.container.textContent).toBe(`joined|555|${host}|${host}`);
  });
});
