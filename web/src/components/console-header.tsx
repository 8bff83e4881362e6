/** The top bar: venue, connection, decision mode, forecast status, agents layer toggle, who is logged in. */
import type { ReactNode } from 'react';
import type { Role } from '../api/index.ts';

export interface ConsoleHeaderProps {
  venueName: string;
  user: { username: string; role: Role };
  connection: ReactNode;
  mode: ReactNode;
  forecast: ReactNode;
  showAgents: boolean;
  agentsAvailable: boolean;
  onShowAgents: (show: boolean) => void;
  onLogout: () => void;
}

export function ConsoleHeader(p: ConsoleHeaderProps) {
  return (
    <header className="console-header">
      <h1 className="venue-name">{p.venueName}</h1>
      {p.connection}
      {p.mode}
      {p.forecast}
      <label className="toggle agents-toggle" title={p.agentsAvailable ? undefined : 'No simulator feed'}>
        <input
          type="checkbox" data-testid="agents-toggle" checked={p.showAgents}
          onChange={(e) => p.onShowAgents(e.target.checked)}
        />
        Agents{p.agentsAvailable ? '' : ' (no feed)'}
      </label>
      <div className="user">
        <span>{p.user.username}</span> <span className="role">{p.user.role}</span>
        <button type="button" onClick={p.onLogout}>Log out</button>
      </div>
    </header>
  );
}
