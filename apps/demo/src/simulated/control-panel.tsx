import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SimSettings, SimSource, SimWorld } from './sim-world';
import { DEMO_PRESENCE_TIMEOUT_S } from './sim-world';

const CHURN_RATES = [0, 1, 5, 20, 100] as const;

/**
 * Drives the simulated channel: viewers in and out, crashes, hands, the
 * network, and Agora's interval-mode settings.
 */
export function ControlPanel({
  world,
  source,
  onRestart,
}: {
  world: SimWorld;
  source: SimSource;
  onRestart: (settings: SimSettings, source: SimSource) => void;
}) {
  // re-render when the world's panel-visible numbers change
  useSyncExternalStore(
    (fn) => world.subscribe(fn),
    () => `${world.simulatedCount}/${world.churnRate}/${world.online}/${world.joinedElsewhere}`,
  );
  const [threshold, setThreshold] = useState(world.settings.threshold);
  const [interval, setIntervalSeconds] = useState(world.settings.intervalSeconds);
  const format = new Intl.NumberFormat('en-US');

  return (
    <section className="panel controls" aria-labelledby="sim-title">
      <h2 id="sim-title">Simulator</h2>
      <p className="muted">
        {format.format(world.simulatedCount)} simulated people in the channel.
      </p>
      <fieldset>
        <legend>Add viewers</legend>
        {[1, 100, 1_000, 10_000].map((n) => (
          <button key={n} type="button" onClick={() => world.add(n)}>
            +{format.format(n)}
          </button>
        ))}
        <button type="button" onClick={() => world.add(1, 'host')}>
          +1 host
        </button>
      </fieldset>
      <fieldset>
        <legend>Viewers go away</legend>
        <button type="button" onClick={() => world.leave(10)}>
          10 leave
        </button>
        <button type="button" onClick={() => world.crash(10)}>
          Crash 10 viewers
        </button>
        <p className="muted small">
          Crashed viewers time out after the presence timeout ({DEMO_PRESENCE_TIMEOUT_S} s here, 300
          s by default on Agora).
        </p>
      </fieldset>
      <fieldset>
        <legend>Churn (joins and leaves per second)</legend>
        {CHURN_RATES.map((rate) => (
          <label key={rate} className="choice">
            <input
              type="radio"
              name="churn"
              checked={world.churnRate === rate}
              onChange={() => world.setChurn(rate)}
            />
            {rate === 0 ? 'off' : rate}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>State</legend>
        <button type="button" onClick={() => world.raiseHands(5)}>
          Raise 5 hands
        </button>
        <button type="button" onClick={() => world.lowerHands()}>
          Lower all hands
        </button>
      </fieldset>
      <fieldset>
        <legend>Your network</legend>
        {world.online ? (
          <button type="button" onClick={() => world.dropNetwork()}>
            Drop the network
          </button>
        ) : (
          <button type="button" onClick={() => world.restoreNetwork()}>
            Restore the network
          </button>
        )}
        <button
          type="button"
          disabled={world.joinedElsewhere}
          onClick={() => void world.joinFromAnotherDevice()}
        >
          Join as you from another device
        </button>
        <p className="muted small">
          Your RTC uid joins from another device: Agora closes this one (UID_BANNED).
        </p>
      </fieldset>
      <fieldset>
        <legend>Interval mode (Agora console settings)</legend>
        <label className="field">
          Threshold (8–128 members)
          <input
            type="number"
            min={8}
            max={128}
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
          />
        </label>
        <label className="field">
          Interval (10–300 s)
          <input
            type="number"
            min={10}
            max={300}
            value={interval}
            onChange={(e) => setIntervalSeconds(Number(e.target.value))}
          />
        </label>
        <button
          type="button"
          disabled={!valid(threshold, 8, 128) || !valid(interval, 10, 300)}
          onClick={() => onRestart({ threshold, intervalSeconds: interval }, source)}
        >
          Restart the channel with these settings
        </button>
        <p className="muted small">
          Agora applies these per project, so the simulated channel restarts with the same viewers.
        </p>
      </fieldset>
      <SourceSwitch source={source} onSwitch={(next) => onRestart(world.settings, next)} />
    </section>
  );
}

/**
 * Is apps/server reachable through this page's `/healthz`? Only when the demo
 * server proxies it (`DEMO_NCS_SERVER`); otherwise the SPA answers with HTML.
 */
function useNcsServerAvailable(): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    fetch('/healthz')
      .then(async (response) => {
        const body = response.headers.get('content-type')?.includes('json')
          ? ((await response.json()) as { ok?: unknown })
          : null;
        if (live) setAvailable(response.ok && body?.ok === true);
      })
      .catch(() => live && setAvailable(false));
    return () => {
      live = false;
    };
  }, []);
  return available;
}

/** RTM presence, or NCS webhooks sent to apps/server and read back from its live feed. */
function SourceSwitch({
  source,
  onSwitch,
}: {
  source: SimSource;
  onSwitch: (next: SimSource) => void;
}) {
  const available = useNcsServerAvailable();
  const [secret, setSecret] = useState('');
  if (source.kind === 'ncs') {
    return (
      <fieldset>
        <legend>Presence source</legend>
        <p className="small">
          NCS: the simulator POSTs signed webhooks to apps/server; the list comes from its live
          feed.
        </p>
        <button type="button" onClick={() => onSwitch({ kind: 'rtm' })}>
          Back to RTM presence
        </button>
      </fieldset>
    );
  }
  return (
    <fieldset>
      <legend>Presence source</legend>
      {available ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (secret !== '') {
              onSwitch({ kind: 'ncs', secret, target: `${location.origin}/ncs` });
            }
          }}
        >
          <label className="field">
            apps/server&apos;s NCS secret (kept in this page&apos;s memory only)
            <input
              type="password"
              autoComplete="off"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
            />
          </label>
          <button type="submit" disabled={secret === ''}>
            Switch to NCS webhooks
          </button>
        </form>
      ) : (
        <p className="muted small">
          RTM presence. For NCS webhooks, start apps/server and serve the demo with{' '}
          <code>DEMO_NCS_SERVER=http://127.0.0.1:8787</code>.
        </p>
      )}
    </fieldset>
  );
}

function valid(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
