// @vitest-environment jsdom
/**
 * The fake RTC client drives agora-rtc-react's own provider and hooks
 * (docs/agora-behaviour.md §2, "Tests: any object with on/off, connectionState,
 * remoteUsers, uid, localTracks, join/leave/... can be passed as the client").
 */
import { act, cleanup, render, waitFor } from '@testing-library/react';
import {
  AgoraRTCProvider,
  useConnectionState,
  useCurrentUID,
  useJoin,
  useRemoteUsers,
} from 'agora-rtc-react';
import { createElement } from 'react';
import { afterEach, expect, it } from 'vitest';
import { asAgoraRTCClient } from '../src/agora';
import { setup } from './helpers/cloud';

afterEach(cleanup);

function Probe() {
  const { isConnected } = useJoin({ appid: 'app', channel: 'live', token: null, uid: 42 });
  const users = useRemoteUsers();
  const state = useConnectionState();
  const uid = useCurrentUID();
  return createElement(
    'div',
    { 'data-testid': 'probe' },
    `${String(isConnected)}|${state}|${String(uid)}|${users.map((u) => u.uid).join(',')}`,
  );
}

it('AgoraRTCProvider + useJoin/useRemoteUsers/useConnectionState/useCurrentUID work on the simulated client', async () => {
  const { cloud, clock } = setup();
  const client = cloud.createRtcClient({ mode: 'live', codec: 'vp8' });
  const view = render(
    createElement(AgoraRTCProvider, { client: asAgoraRTCClient(client) }, createElement(Probe)),
  );
  await act(() => clock.advance(100));
  // agora-rtc-react settles useJoin through its own promise chain, which a loaded
  // machine may not have run yet when the simulated join resolves
  await waitFor(() => expect(view.getByTestId('probe').textContent).toBe('true|CONNECTED|42|'));
  const crowd = cloud.crowd('live');
  await act(async () => {
    crowd.join(500);
    crowd.join(['7', '8'], { role: 'host' });
  });
  expect(view.getByTestId('probe').textContent).toBe('true|CONNECTED|42|7,8');
  await act(async () => {
    crowd.setRole('7', 'audience');
  });
  expect(view.getByTestId('probe').textContent).toBe('true|CONNECTED|42|8');
  view.unmount();
  await act(() => clock.advance(100));
  expect(client.connectionState).toBe('DISCONNECTED');
});
