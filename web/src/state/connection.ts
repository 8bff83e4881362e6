/** What the connection indicator says, from the socket phase and the browser's network state. */
import type { SocketStatus } from '../api/index.ts';

export type ConnectionState = 'live' | 'reconnecting' | 'offline';

export function connectionState(status: SocketStatus, browserOnline: boolean): ConnectionState {
  if (!browserOnline) return 'offline';
  if (status.phase === 'open') return 'live';
  if (status.phase === 'stopped') return 'offline';
  return 'reconnecting';
}
