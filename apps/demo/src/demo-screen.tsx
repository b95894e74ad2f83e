import { selectCounts, type PresenceState, type PresenceStore } from '@audience-presence/core';
import {
  PresenceStoreProvider,
  useAudienceCount,
  useDualChannel,
  usePresenceCounts,
  usePresenceStore,
  type DualChannel,
} from '@audience-presence/react';
import { useEffect, type ReactNode } from 'react';
import { ActivityFeed } from './activity-feed';
import { AudienceChartPanel } from './audience-chart-panel';
import { ConnectionStatus } from './connection-status';
import { exposeDemoHandle, type DemoView } from './debug-handle';
import { ErrorPanel } from './error-panel';
import { PresenceList } from './presence-list';
import { sessionState, type DemoSession } from './session';
import { Stage, type HostTileRenderer } from './stage';

/** Props of {@link DemoScreen}. */
export interface DemoScreenProps {
  readonly channel: string;
  /** "Simulated channel" or "Agora App ID …" */
  readonly modeLabel: string;
  readonly session: DemoSession;
  readonly onSessionChange: (next: DemoSession) => void;
  readonly onLeave: () => void;
  readonly renderTile: HostTileRenderer;
  /** seconds between INTERVAL events, when known (simulated mode) */
  readonly intervalSeconds: number | null;
  /** the simulator's control panel (simulated mode) */
  readonly panel?: ReactNode;
  /** mode-specific parts that need the join status (real mode publishes media) */
  readonly children?: (dual: DualChannel) => ReactNode;
  /**
   * Read presence from this store instead of the joining provider's (NCS mode:
   * the store apps/server's live feed fills). Joining still goes through RTC + RTM.
   */
  readonly readStore?: PresenceStore | null;
  /** NCS mode: apps/server's `/stats` of the channel, which the chart reads instead of recording the store */
  readonly statsUrl?: string | null;
}

function viewOf(state: PresenceState): DemoView {
  return {
    status: state.status,
    stale: state.staleness.stale,
    occupancy: state.occupancy,
    counts: selectCounts(state),
    memberIds: [...state.members.keys()],
  };
}

/**
 * The demo's one screen, the same in both modes: connection status, the stage,
 * "N watching", the AudienceList, the activity feed, and the local user's own
 * controls. It joins with `useDualChannel` and reads with the presence hooks.
 */
export function DemoScreen(props: DemoScreenProps) {
  const { channel, session, readStore } = props;
  const dual = useDualChannel({
    channel,
    role: session.role,
    rtcUid: Number(session.userId),
    state: sessionState(session),
  });
  if (readStore === null || readStore === undefined) return <ScreenBody {...props} dual={dual} />;
  return (
    <PresenceStoreProvider store={readStore}>
      <ScreenBody {...props} dual={dual} />
    </PresenceStoreProvider>
  );
}

/** Everything that reads presence, from the nearest provider's store. */
function ScreenBody(props: DemoScreenProps & { dual: DualChannel }) {
  const { channel, session, onSessionChange, dual } = props;
  const store = usePresenceStore();
  const { userId } = session;
  useEffect(
    () => exposeDemoHandle({ view: () => viewOf(store.getState()), userId }),
    [store, userId],
  );

  return (
    <div className="screen">
      <header className="top">
        <div>
          <h1>audience-presence</h1>
          <p className="muted">
            {props.modeLabel} · channel <code>{channel}</code>
          </p>
        </div>
        <ConnectionStatus dual={dual} intervalSeconds={props.intervalSeconds} />
      </header>
      {dual.status === 'failed' ? (
        <ErrorPanel error={dual.error} onRetry={dual.retry} onBack={props.onLeave} />
      ) : null}
      <div className="grid">
        <div className="column">
          <Stage selfId={session.userId} renderTile={props.renderTile} />
          {props.children?.(dual)}
          <section className="panel me" aria-labelledby="you-title">
            <h2 id="you-title">You</h2>
            <p>
              <strong>{session.name}</strong>,{' '}
              {session.role === 'host' ? 'on stage' : 'in the audience'}
            </p>
            <p className="row">
              <button
                type="button"
                onClick={() =>
                  onSessionChange({
                    ...session,
                    role: session.role === 'host' ? 'audience' : 'host',
                  })
                }
              >
                {session.role === 'host' ? 'Leave the stage' : 'Go on stage'}
              </button>
              <button
                type="button"
                aria-pressed={session.hand}
                onClick={() => onSessionChange({ ...session, hand: !session.hand })}
              >
                {session.hand ? 'Lower your hand' : 'Raise your hand'}
              </button>
              <button type="button" onClick={props.onLeave}>
                Leave
              </button>
            </p>
          </section>
          {props.panel}
        </div>
        <div className="column list-column">
          <Headline />
          <PresenceList selfId={session.userId} onRetry={dual.retry} />
        </div>
        <div className="column">
          <AudienceChartPanel statsUrl={props.statsUrl ?? null} />
          <ActivityFeed />
        </div>
      </div>
    </div>
  );
}

/** "1,234 watching · 2 on stage" */
function Headline() {
  const watching = useAudienceCount();
  const { hosts } = usePresenceCounts();
  const format = new Intl.NumberFormat('en-US');
  return (
    <p className="headline">
      <strong data-testid="watching-count">{format.format(watching)}</strong> watching
      <span className="muted"> · {format.format(hosts)} on stage</span>
    </p>
  );
}
