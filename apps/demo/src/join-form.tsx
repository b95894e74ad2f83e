import type { StageRole } from '@audience-presence/react';
import { useState, type FormEvent } from 'react';

const SUGGESTED = ['Sam', 'Alex', 'Robin', 'Kai', 'Noor', 'Jo', 'Ari', 'Mika'];

/** Pick a display name and a role, then join. */
export function JoinForm({
  modeLabel,
  onJoin,
}: {
  modeLabel: string;
  onJoin: (name: string, role: StageRole) => void;
}) {
  const [name, setName] = useState(
    () => SUGGESTED[Math.floor(Math.random() * SUGGESTED.length)] ?? 'Sam',
  );
  const [role, setRole] = useState<StageRole>('audience');
  const trimmed = name.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed !== '') onJoin(trimmed.slice(0, 64), role);
  };
  return (
    <main className="join">
      <h1>audience-presence</h1>
      <p>
        Who is watching an Agora live stream: the hosts <em>and</em> the audience.
      </p>
      <p className="muted">{modeLabel}</p>
      <form className="panel" onSubmit={submit}>
        <label className="field">
          Display name
          <input
            name="name"
            value={name}
            maxLength={64}
            required
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>Role</legend>
          <label className="choice">
            <input
              type="radio"
              name="role"
              checked={role === 'audience'}
              onChange={() => setRole('audience')}
            />
            Audience
          </label>
          <label className="choice">
            <input
              type="radio"
              name="role"
              checked={role === 'host'}
              onChange={() => setRole('host')}
            />
            Host
          </label>
        </fieldset>
        <button type="submit" disabled={trimmed === ''}>
          Join
        </button>
      </form>
    </main>
  );
}
