import { connectNcsFeed, createPresenceStore, type PresenceStore } from '@audience-presence/core';
import { AudiencePresenceProvider } from '@audience-presence/react';
import { useEffect, useState } from 'react';
import { exposeDemoHandle } from '../debug-handle';
import { DemoScreen } from '../demo-screen';
import type { DemoSession } from '../session';
import { PlaceholderTile } from '../stage';
import { ControlPanel } from './control-panel';
import { DEFAULT_SIM_SETTINGS, SimWorld, type SimSettings, type SimSource } from './sim-world';
import { TabLink } from './tab-link';

const APP_ID = 'simulated0000000000000000000demo'; // 32 letters or digits, as agora-rtm-sdk checks

/** How the simulated channel starts: who is already there. */
export interface SimStart {
  readonly settings: SimSettings;
  readonly source: SimSource;
  readonly hosts: number;
  readonly viewers: number;
}

interface Running {
  readonly world: SimWorld;
  readonly link: TabLink;
  /** NCS mode: the store the server's live feed fills (the list is read from it) */
  readonly feedStore: PresenceStore | null;
}

let ncsRun = 0;

/**
 * NCS mode gets a channel name of its own per start: the server keeps what it
 * was told, and a restarted simulated cloud cannot tell it that the previous
 * crowd is gone.
 */
function channelFor(channel: string, source: SimSource): string {
  return source.kind === 'ncs' ? `${channel}-ncs-${Date.now().toString(36)}${ncsRun++}` : channel;
}

/**
 * Simulated mode: a simulated Agora channel in this page (the simulator's
 * cloud on real timers), shared with the demo's other tabs over
 * BroadcastChannel, and the same screen as real mode plus the control panel.
 */
export function SimulatedDemo({
  channel,
  initialViewers,
  session,
  onSessionChange,
  onLeave,
}: {
  channel: string;
  initialViewers: number;
  session: DemoSession;
  onSessionChange: (next: DemoSession) => void;
  onLeave: () => void;
}) {
  const [start, setStart] = useState<SimStart>({
    settings: DEFAULT_SIM_SETTINGS,
    source: { kind: 'rtm' },
    hosts: initialViewers > 0 ? 1 : 0,
    viewers: initialViewers,
  });
  const [running, setRunning] = useState<Running | null>(null);
  const { userId } = session;

  // The simulated cloud is an external system: created in an effect, handed to render.
  useEffect(() => {
    const world = new SimWorld(
      APP_ID,
      channelFor(channel, start.source),
      userId,
      start.settings,
      start.source,
    );
    let feedStore: PresenceStore | null = null;
    let feed: { close(): void } | null = null;
    if (start.source.kind === 'ncs') {
      feedStore = createPresenceStore({ selfId: userId, includeSelfInAudience: true });
      feed = connectNcsFeed({
        url: `/channels/${encodeURIComponent(world.channel)}/events`,
        dispatch: feedStore.dispatch,
      });
    }
    world.add(start.hosts, 'host');
    world.add(start.viewers);
    const link = new TabLink(channel, world);
    const unsubscribe = world.subscribe(() => link.setPaused(!world.online));
    const unexpose = exposeDemoHandle({ mode: 'simulated', truth: () => world.truth() });
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRunning({ world, link, feedStore });
    return () => {
      unexpose();
      unsubscribe();
      link.close();
      world.destroy();
      feed?.close();
      feedStore?.destroy();
    };
  }, [channel, userId, start]);

  useEffect(() => {
    running?.link.announce({
      userId: session.userId,
      name: session.name,
      role: session.role,
      hand: session.hand,
    });
  }, [running, session]);

  if (running === null) return <p className="muted">Starting the simulated channel…</p>;
  const { world } = running;
  const restart = (settings: SimSettings, source: SimSource) =>
    setStart({
      settings,
      source,
      hosts: world.simulatedHosts,
      viewers: world.simulatedCount - world.simulatedHosts,
    });

  return (
    <AudiencePresenceProvider
      key={world.id}
      appId={APP_ID}
      userId={userId}
      rtcClient={world.rtc}
      rtmClient={world.rtm}
      includeSelfInAudience
      timeoutMs={8_000}
    >
      <DemoScreen
        channel={world.channel}
        modeLabel={
          running.feedStore === null
            ? 'Simulated channel (offline, in this page)'
            : 'Simulated channel, presence from apps/server (NCS webhooks → live feed)'
        }
        readStore={running.feedStore}
        statsUrl={
          running.feedStore === null ? null : `/channels/${encodeURIComponent(world.channel)}/stats`
        }
        session={session}
        onSessionChange={onSessionChange}
        onLeave={onLeave}
        renderTile={(member) => <PlaceholderTile member={member} />}
        intervalSeconds={world.settings.intervalSeconds}
        panel={<ControlPanel world={world} source={start.source} onRestart={restart} />}
      />
    </AudiencePresenceProvider>
  );
}
