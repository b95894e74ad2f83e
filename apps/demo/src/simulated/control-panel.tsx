import { useState, useSyncExternalStore } from 'react';
import type { SimSettings, SimWorld } from './sim-world';
import { DEMO_PRESENCE_TIMEOUT_S } from './sim-world';

const CHURN_RATES = [0, 1, 5, 20, 100] as const;

/**
 * Drives the simulated channel: viewers in and out, crashes, hands, the
 * network, and Agora's interval-mode settings.
 */
export function ControlPanel({
  world,
  onRestart,
}: {
  world: SimWorld;
  onRestart: (settings: SimSettings) => void;
}) {
  // re-render when the world's panel-visible numbers change
  useSyncExternalStore(
    (fn) => world.subscribe(fn),
    () => `${world.simulatedCount}/${world.churnRate}/${world.online}`,
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
          onClick={() => onRestart({ threshold, intervalSeconds: interval })}
        >
          Restart the channel with these settings
        </button>
        <p className="muted small">
          Agora applies these per project, so the simulated channel restarts with the same viewers.
        </p>
      </fieldset>
    </section>
  );
}

function valid(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
