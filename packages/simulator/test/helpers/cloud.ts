import type { RTMEvents } from 'agora-rtm-sdk';
import { createSimulatedCloud, createVirtualClock, type SimulatedCloudOptions } from '../../src';
import type { SimulatedRtmClient } from '../../src';

/** A valid App ID (the SDK wants 32 letters or digits, docs/agora-behaviour.md §1b). */
export const APP_ID = '0123456789abcdef0123456789abcdef';

/** A cloud on a virtual clock, listener errors rethrown into the test. */
export function setup(options: Omit<SimulatedCloudOptions, 'clock'> = {}) {
  const clock = createVirtualClock();
  const errors: unknown[] = [];
  const cloud = createSimulatedCloud({ clock, onListenerError: (e) => errors.push(e), ...options });
  return { clock, cloud, errors };
}

/** Records every presence / linkState / token event of a client. */
export function record(client: SimulatedRtmClient) {
  const presence: RTMEvents.PresenceEvent[] = [];
  const link: RTMEvents.LinkStateEvent[] = [];
  const token: RTMEvents.TokenEvent[] = [];
  const willExpire: string[] = [];
  client.addEventListener('presence', (e) => presence.push(e));
  client.addEventListener('linkState', (e) => link.push(e));
  client.addEventListener('token', (e) => token.push(e));
  client.addEventListener('tokenPrivilegeWillExpire', (c) => willExpire.push(c));
  return {
    presence,
    link,
    token,
    willExpire,
    types: () => presence.map((e) => `${e.eventType}${e.publisher ? ':' + e.publisher : ''}`),
    states: () => link.map((e) => `${e.currentState}${e.reasonCode ? '/' + e.reasonCode : ''}`),
    clear() {
      presence.length = 0;
      link.length = 0;
      token.length = 0;
      willExpire.length = 0;
    },
  };
}

/** A logged-in client subscribed to `channel` with its event log. */
export async function joined(
  cloud: ReturnType<typeof setup>['cloud'],
  userId: string,
  channel = 'live',
  options?: Parameters<SimulatedRtmClient['subscribe']>[1],
) {
  const client = cloud.createRtmClient(APP_ID, userId);
  const log = record(client);
  await client.login();
  await client.subscribe(channel, options);
  return { client, log };
}
