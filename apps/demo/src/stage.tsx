import { selectHosts, type Member } from '@audience-presence/core';
import { useAudiencePresence } from '@audience-presence/react';
import type { ReactNode } from 'react';

/** Renders one host's tile; the simulated mode draws a placeholder, real mode the video. */
export type HostTileRenderer = (member: Member, isSelf: boolean) => ReactNode;

/** A placeholder tile: initials on a colour picked from the userId. */
export function PlaceholderTile({ member }: { member: Member }) {
  const name = member.state['name'] ?? member.userId;
  const initials = name
    .split(/\s+/)
    .filter((part) => /^\p{L}/u.test(part))
    .map((part) => part.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  let hue = 0;
  for (const ch of member.userId) hue = (hue * 31 + ch.charCodeAt(0)) % 360;
  return (
    <div className="tile-placeholder" style={{ background: `hsl(${hue} 45% 38%)` }}>
      <span className="tile-initials" aria-hidden="true">
        {initials}
      </span>
    </div>
  );
}

/** The stage: one tile per host (RTC hosts and members whose state says host). */
export function Stage({ selfId, renderTile }: { selfId: string; renderTile: HostTileRenderer }) {
  const hosts = useAudiencePresence(selectHosts);
  return (
    <section className="panel stage" aria-labelledby="stage-title">
      <h2 id="stage-title">Stage</h2>
      {hosts.length === 0 ? (
        <p className="muted">No one is on stage. Switch your role to host, or add a host.</p>
      ) : (
        <ul className="tiles" data-testid="stage">
          {hosts.map((host) => {
            const isSelf = host.userId === selfId;
            const name = host.state['name'] ?? host.userId;
            return (
              <li key={host.userId} className="tile" data-testid="host-tile">
                {renderTile(host, isSelf)}
                <span className="tile-name">
                  {name}
                  {isSelf ? ' (you)' : ''}
                  {host.state['hand'] === 'up' ? ' (hand raised)' : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
