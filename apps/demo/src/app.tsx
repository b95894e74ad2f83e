import type { StageRole } from '@audience-presence/react';
import { Component, lazy, Suspense, useRef, useState, type ReactNode } from 'react';
import type { DemoConfig } from './config';
import { JoinForm } from './join-form';
import { newUserId, type DemoSession } from './session';
import { SimulatedDemo } from './simulated/simulated-demo';

// Real mode lives in its own chunks with the Agora SDKs: simulated mode never downloads them.
const RealDemo = lazy(() => import('./real/real-demo'));
// `?rtc=sim`: the real RTM SDK next to a simulated RTC client (agora-rtc-react is not loaded)
const RealRtmDemo = lazy(() => import('./real/real-rtm-demo'));

/** The demo: a join form, then the presence screen in simulated or real mode. */
export function App({ config, initialViewers }: { config: DemoConfig; initialViewers: number }) {
  const [session, setSession] = useState<DemoSession | null>(null);
  // One userId per display name for the life of the page, as a signed-in user
  // keeps theirs: leaving and joining again as the same person reuses it, as
  // a route remount does in a real app (docs/agora-behaviour.md §1b: one RTM client per
  // App ID + userId for the life of the page).
  const userIds = useRef(new Map<string, string>());
  const modeLabel =
    config.mode === 'simulated'
      ? 'Simulated Agora channel, offline in this page. Open a second tab to join as someone else.'
      : `Real Agora (App ID ${config.appId.slice(0, 6)}…${config.rtc === 'simulated' ? ', RTC simulated in this page' : ''}).`;
  const join = (name: string, role: StageRole) => {
    let userId = userIds.current.get(name);
    if (userId === undefined) {
      userId = newUserId();
      userIds.current.set(name, userId);
    }
    setSession({ userId, name, role, hand: false });
  };
  const leave = () => setSession(null);

  if (session === null) return <JoinForm modeLabel={modeLabel} onJoin={join} />;
  if (config.mode === 'simulated') {
    return (
      <SimulatedDemo
        channel={config.channel}
        initialViewers={initialViewers}
        session={session}
        onSessionChange={setSession}
        onLeave={leave}
      />
    );
  }
  const realProps = {
    appId: config.appId,
    channel: config.channel,
    tokenUrl: config.tokenUrl,
    timeoutMs: config.timeoutMs,
    session,
    onSessionChange: setSession,
    onLeave: leave,
  };
  return (
    <LoadFailure onBack={leave}>
      <Suspense fallback={<p className="muted">Loading the Agora SDKs…</p>}>
        {config.rtc === 'simulated' ? <RealRtmDemo {...realProps} /> : <RealDemo {...realProps} />}
      </Suspense>
    </LoadFailure>
  );
}

/** Shows a clear message when the real-mode chunk (the SDKs) cannot be loaded or crashes. */
class LoadFailure extends Component<
  { children: ReactNode; onBack: () => void },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <section className="panel error" role="alert" data-testid="join-error">
        <h2>Real mode could not start</h2>
        <p className="error-message">{this.state.error.message}</p>
        <button type="button" onClick={this.props.onBack}>
          Back
        </button>
      </section>
    );
  }
}
