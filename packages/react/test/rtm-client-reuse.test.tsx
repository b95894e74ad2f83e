import { act, render } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { SimulatedRtmClient } from '@audience-presence/simulator';
import { TEST_APP_ID } from '@audience-presence/test-utils';
import {
  AudiencePresenceProvider,
  useAudiencePresence,
  useDualChannel,
  type AudiencePresenceProviderProps,
  type ClientFactoryContext,
} from '../src/index';
import { rtmMembers, setup } from './helpers/simulated-session';

// agora-rtm-sdk 2.3.0: one client per (appId, userId) per page, forever; a second
// `new RTM(...)` throws -10027 even after logout (docs/agora-behaviour.md §1b). The simulator does too.

/** the last error a Probe rendered (written in an effect, read by the tests) */
const seen: { error: Error | null } = { error: null };

function Probe({ channel = 'live' }: { channel?: string }) {
  const dual = useDualChannel({ channel });
  useEffect(() => {
    seen.error = dual.error;
  });
  const presence = useAudiencePresence();
  return (
    <p>
      {dual.status}:{dual.error?.code ?? ''}:{presence.count}
    </p>
  );
}

/** a factory that constructs a new client on every call (as `new RTM(...)` in a factory would) */
function constructing(env: ReturnType<typeof setup>) {
  const made: string[] = [];
  const factory = ({ appId, userId }: ClientFactoryContext) => {
    made.push(userId);
    return env.cloud.device('page').createRtmClient(appId, userId);
  };
  return { factory, made };
}

/** a factory that keeps the page's one client per user, as the README asks (createRealRtmClient does) */
function caching(env: ReturnType<typeof setup>) {
  const clients = new Map<string, SimulatedRtmClient>();
  const factory = ({ appId, userId }: ClientFactoryContext) => {
    let client = clients.get(userId);
    if (client === undefined) {
      client = env.cloud.device('page').createRtmClient(appId, userId);
      clients.set(userId, client);
    }
    return client;
  };
  return { factory, clients };
}

function mount(props: AudiencePresenceProviderProps, strict = false) {
  const tree = (
    <AudiencePresenceProvider {...props}>
      <Probe />
    </AudiencePresenceProvider>
  );
  return render(strict ? <StrictMode>{tree}</StrictMode> : tree);
}

describe('RTM clients are reused per (appId, userId) for the life of the page', () => {
  it('a user switch A -> B -> A under one provider asks a factory once per user and joins each time', async () => {
    const env = setup();
    const { factory, made } = constructing(env);
    const tree = (userId: string) => (
      <AudiencePresenceProvider {...env.props} userId={userId} rtmClient={factory}>
        <Probe />
      </AudiencePresenceProvider>
    );
    const view = render(tree('ana'));
    await env.settle();
    view.rerender(tree('bo'));
    await env.settle();
    expect(rtmMembers(env.cloud, 'live')).toEqual(['bo']);
    view.rerender(tree('ana'));
    await env.settle();
    expect(view.container.textContent).toBe('joined::0');
    expect(rtmMembers(env.cloud, 'live')).toEqual(['ana']);
    expect(made).toEqual(['ana', 'bo']); // no second `new RTM` for ana: that would throw -10027
  });

  it('remount (leave the live page, come back) with a caching factory: joins again on the same, clean client', async () => {
    const env = setup();
    const { factory, clients } = caching(env);
    const props = { ...env.props, rtmClient: factory };
    const first = mount(props);
    await env.settle();
    expect(first.container.textContent).toBe('joined::0');
    first.unmount();
    await env.settle();
    const client = clients.get('me');
    expect(client?.linkState).toBe('IDLE'); // the first mount logged out
    const login = vi.spyOn(client!, 'login');
    const second = mount(props);
    await env.settle();
    expect(second.container.textContent).toBe('joined::0');
    expect(login).toHaveBeenCalledTimes(1);
    expect(clients.size).toBe(1);
    // the first mount's listeners are gone: one join is counted once, by the live provider
    act(() => void env.cloud.crowd('live').join(2));
    await env.settle();
    expect(second.container.textContent).toBe('joined::2');
    second.unmount();
  });

  it('remount in the same tick as the unmount: the second mount logs in only after the first logged out', async () => {
    const env = setup();
    const { factory, clients } = caching(env);
    const props = { ...env.props, rtmClient: factory };
    const first = mount(props);
    await env.settle();
    const order: string[] = [];
    const client = clients.get('me')!;
    const logout = client.logout.bind(client);
    const login = client.login.bind(client);
    vi.spyOn(client, 'logout').mockImplementation(async () => {
      order.push('logout');
      return logout();
    });
    vi.spyOn(client, 'login').mockImplementation(async (o) => {
      order.push('login');
      return login(o);
    });
    first.unmount();
    const second = mount(props);
    await env.settle();
    expect(order).toEqual(['logout', 'login']);
    expect(second.container.textContent).toBe('joined::0');
  });

  it('StrictMode remount with a caching factory: one client, joined', async () => {
    const env = setup();
    const { factory, clients } = caching(env);
    const view = mount({ ...env.props, rtmClient: factory }, true);
    await env.settle();
    expect(view.container.textContent).toBe('joined::0');
    view.unmount();
    await env.settle();
    const again = mount({ ...env.props, rtmClient: factory }, true);
    await env.settle();
    expect(again.container.textContent).toBe('joined::0');
    expect(clients.size).toBe(1);
  });

  it('two providers for two users on one page: both joined, each sees the other', async () => {
    const env = setup();
    const { factory } = caching(env);
    const other = env.cloud.createRtcClient({ mode: 'live' });
    const view = render(
      <>
        <AudiencePresenceProvider {...env.props} userId="ana" rtmClient={factory}>
          <Probe />
        </AudiencePresenceProvider>
        <AudiencePresenceProvider {...env.props} userId="bo" rtcClient={other} rtmClient={factory}>
          <Probe />
        </AudiencePresenceProvider>
      </>,
    );
    await env.settle();
    expect(view.container.textContent).toBe('joined::1joined::1');
    expect(rtmMembers(env.cloud, 'live').sort()).toEqual(['ana', 'bo']);
  });

  it('a factory that constructs again on remount gets RTM_DUPLICATE_CLIENT, saying what to do, the SDK error as cause', async () => {
    const env = setup();
    const { factory } = constructing(env);
    const props = { ...env.props, rtmClient: factory };
    const first = mount(props);
    await env.settle();
    first.unmount();
    await env.settle();
    const second = mount(props);
    await env.settle();
    expect(second.container.textContent).toBe('failed:RTM_DUPLICATE_CLIENT:0');
    expect(seen.error?.message).toMatch(/one per page.*pass the one client/);
    expect((seen.error?.cause as { code?: number }).code).toBe(-10027);
  });
});

describe('RTC: the same uid from another device closes the older client with UID_BANNED (§1b)', () => {
  it('surfaces as RTC_UID_CLOSED, not as a ban', async () => {
    const env = setup();
    const { factory } = caching(env);
    function Watch() {
      const dual = useDualChannel({ channel: 'live', rtcUid: 4242 });
      useEffect(() => {
        seen.error = dual.error;
      });
      return <p>{dual.status}</p>;
    }
    const view = render(
      <AudiencePresenceProvider {...env.props} rtmClient={factory}>
        <Watch />
      </AudiencePresenceProvider>,
    );
    await env.settle();
    expect(view.container.textContent).toBe('joined');
    const phone = env.cloud.device('phone').createRtcClient({ mode: 'live' });
    await act(async () => void (await phone.join(TEST_APP_ID, 'live', null, 4242)));
    await env.settle();
    expect(view.container.textContent).toBe('failed');
    expect(seen.error).toMatchObject({ code: 'RTC_UID_CLOSED', cause: 'UID_BANNED' });
    expect(seen.error?.message).not.toMatch(/banned you|you are banned|removed you/i);
  });
});
