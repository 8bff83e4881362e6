/** What the console shows, as state: the reducer, its views, and the hooks that feed it. */
export { initialConsoleState, reduceConsole } from './console-state.ts';
export type { ConsoleEvent, ConsoleState, Stamped } from './console-state.ts';
export { alertsNewestFirst, pendingRecommendations } from './selectors.ts';
export { ageMs, STALE_AFTER_MS, staleMessage } from './staleness.ts';
export { connectionState } from './connection.ts';
export type { ConnectionState } from './connection.ts';
export { useConsoleFeed } from './use-console-feed.ts';
export type { ConsoleFeed } from './use-console-feed.ts';
export { FORBIDDEN_TEXT, useOperatorActions } from './use-operator-actions.ts';
export type { Notice, OperatorActions } from './use-operator-actions.ts';
export { useNow } from './use-now.ts';
export { useVenue } from './use-venue.ts';
export { createAgentFrames } from './agent-frames.ts';
export type { AgentFrame, AgentFrames } from './agent-frames.ts';
export { isStale, useIsStale } from './use-is-stale.ts';
