import { describe, expect, it } from 'vitest';
import { createSimulatedCloud, createVirtualClock } from '@audience-presence/simulator';
import {
  bindRtcHosts,
  createPresenceStore,
  rtcHostsAction,
  selectHosts,
  type PresenceStore,
} from '../src/index';

const APP_ID = '0123456789abcdef0123456789abcdef';

function hostIds(store: PresenceStore): string[] {
  store.flush();
  return selectHosts(store.getState()).map((m) => m.userId);
}

describe('rtcHostsAction (pure)', () => {
  it('every remote user is a host; a join or leave not yet in remoteUsers is applied', () => {
    expect(rtcHostsAction([{ uid: 1 }, { uid: 'b' }])).toEqual({
      type: 'rtc-hosts',
      userIds: ['1', 'b'],
    });
    expect(rtcHostsAction([{ uid: 1 }], { joined: 2 }).userIds).toEqual(['1', '2']);
    expect(rtcHostsAction([{ uid: 1 }], { joined: 1 }).userIds).toEqual(['1']);
    expect(rtcHostsAction([{ uid: 1 }, { uid: 2 }], { left: 1 }).userIds).toEqual(['2']);
  });
});

describe('bindRtcHosts (against the simulator)', () => {
  it('RTC user-joined / user-left of live-mode hosts become host roles; unbind stops it', async () => {
    const cloud = createSimulatedCloud({ clock: createVirtualClock() });
    const store = createPresenceStore();
    // members known from RTM; RTC only says which of them are hosts
    store.dispatch({ type: 'snapshot', members: [{ userId: '7' }, { userId: '8' }] });
    const viewer = cloud.createRtcClient({ mode: 'live', codec: 'vp8' });
    const hosts = bindRtcHosts(store, viewer);
    await viewer.join(APP_ID, 'live', null, 1);
    hosts.sync();
    expect(hostIds(store)).toEqual([]);

    const host = cloud.createRtcClient({ mode: 'live', codec: 'vp8', role: 'host' });
    await host.join(APP_ID, 'live', null, 7);
    expect(hostIds(store)).toEqual(['7']);
    await host.leave();
    expect(hostIds(store)).toEqual([]);

    hosts.unbind();
    hosts.unbind();
    const late = cloud.createRtcClient({ mode: 'live', codec: 'vp8', role: 'host' });
    await late.join(APP_ID, 'live', null, 8);
    expect(viewer.remoteUsers.map((u) => u.uid)).toEqual([8]);
    expect(hostIds(store)).toEqual([]);
  });
});
