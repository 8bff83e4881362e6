/** The console's link to the server: REST client, session, live feed, record types. */
export type * from './records.ts';
export { ApiError } from './http.ts';
export type { FetchFn } from './http.ts';
export { createApiClient, login } from './client.ts';
export type { AlertFilter, ApiClient, RecommendationFilter } from './client.ts';
export { clearSession, loadSession, saveSession } from './session.ts';
export type { Session } from './session.ts';
export { connectConsole, consoleSocketUrl } from './console-socket.ts';
export type { ConsoleSocket, SocketPhase, SocketStatus } from './console-socket.ts';
export { canDecideRecommendations, canHandleAlerts, roleAtLeast } from './roles.ts';
