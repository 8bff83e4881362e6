/** The console's panels. */
export { AlertList } from './alert-list.tsx';
export { LiveConnectionStatus } from './connection-status.tsx';
export { ConsoleHeader } from './console-header.tsx';
export { DecisionMode } from './decision-mode.tsx';
export { LoginForm } from './login-form.tsx';
export { Notices } from './notices.tsx';
export { RecommendationList } from './recommendation-list.tsx';
export { VenueOverview, venueTotals } from './venue-overview.tsx';
export { ZoneDetail } from './zone-detail.tsx';
export { ZoneList } from './zone-list.tsx';
