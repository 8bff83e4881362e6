/** The console once logged in: loads the venue, follows the live feed, lays out the panels. */
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient, Session } from './api/index.ts';
import { canDecideRecommendations, canHandleAlerts } from './api/index.ts';
import { AlertList, ConsoleHeader, DecisionMode, LiveConnectionStatus, Notices, RecommendationList, VenueOverview, ZoneDetail, ZoneList } from './components/index.ts';
import { ForecastBanner, ForecastStatus } from './forecast/index.ts';
import { VenueMap } from './map/index.ts';
import {
  alertsNewestFirst, connectionState, pendingRecommendations, useConsoleFeed, useIsStale, useOperatorActions, useVenue,
} from './state/index.ts';

export function ConsoleScreen({ api, session, onLogout }: { api: ApiClient; session: Session; onLogout: () => void }) {
  const { venue, error: venueError } = useVenue(api);
  const feed = useConsoleFeed(api, session.token);
  const actions = useOperatorActions(api, feed.dispatch);
  const [showResolved, setShowResolved] = useState(false);
  const [agentsChoice, setAgentsChoice] = useState<boolean | null>(null);
  const [selectedZoneId, setSelectedZoneId] = useState<string | null>(null);

  const { state, dispatch } = feed;
  const stale = useIsStale(state.snapshotReceivedAtMs);
  // Resolved alerts are not part of the live sync; fetch them when the operator asks.
  useEffect(() => {
    if (!showResolved) return;
    let cancelled = false;
    api.listAlerts('resolved').then(
      (alerts) => { if (!cancelled) dispatch({ type: 'alerts-loaded', alerts }); },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, dispatch, showResolved]);
  const zoneNames = useMemo(() => new Map(venue?.zones.map((z) => [z.id, z.name]) ?? []), [venue]);
  const alerts = useMemo(() => alertsNewestFirst(state.alerts, showResolved), [state.alerts, showResolved]);
  const recommendations = useMemo(() => pendingRecommendations(state.recommendations), [state.recommendations]);
  const connection = connectionState(feed.socket, feed.browserOnline);
  // Agents show by default once the simulator feeds them, until the operator decides otherwise.
  const showAgents = agentsChoice ?? state.agentsSeen;

  const selectedZone = venue?.zones.find((z) => z.id === selectedZoneId);
  const role = session.user.role;
  const openAlerts = alerts.filter((a) => a.status === 'open').length;
  // Open alerts in the tab title, for a console left in a background tab.
  useEffect(() => {
    document.title = openAlerts > 0 ? `(${openAlerts}) crowdflow` : 'crowdflow';
  }, [openAlerts]);
  return (
    <div className="console">
      <a className="skip-link" href="#alerts-heading">Skip to alerts</a>
      <ConsoleHeader
        venueName={venue?.name ?? 'Loading venue…'} user={session.user}
        connection={<LiveConnectionStatus state={connection} receivedAtMs={state.snapshotReceivedAtMs} />}
        mode={<DecisionMode mode={state.mode} />}
        forecast={<ForecastStatus health={state.forecastHealth} />}
        showAgents={showAgents} agentsAvailable={state.agentsSeen} onShowAgents={setAgentsChoice} onLogout={onLogout}
      />
      <main className="console-body">
        <div className="map-column">
          <ForecastBanner health={state.forecastHealth} />
          {venue === null ? (
            <div className="venue-map loading" data-testid="venue-loading">
              {venueError === null ? 'Loading venue…' : `Venue not loaded (${venueError}); retrying…`}
            </div>
          ) : (
            <VenueMap
              venue={venue} zones={state.zones} agentFrames={feed.agentFrames} showAgents={showAgents}
              selectedZoneId={selectedZoneId} onSelectZone={setSelectedZoneId} snapshotReceivedAtMs={state.snapshotReceivedAtMs}
            />
          )}
        </div>
        <div className="zone-column">
          {selectedZone !== undefined ? (
            <ZoneDetail zone={selectedZone} snap={state.zones.get(selectedZone.id)} nowTs={state.snapshotTs ?? 0} onClose={() => setSelectedZoneId(null)} />
          ) : venue !== null ? (
            <VenueOverview venue={venue} zones={state.zones} />
          ) : null}
          {venue !== null && (
            <ZoneList venue={venue} zones={state.zones} stale={stale} nowTs={state.snapshotTs ?? 0} selectedZoneId={selectedZoneId} onSelectZone={setSelectedZoneId} />
          )}
        </div>
        <div className="action-column">
          <AlertList
            alerts={alerts} zoneNames={zoneNames} canHandle={canHandleAlerts(role)} busy={actions.busy}
            showResolved={showResolved} onShowResolved={setShowResolved} syncError={feed.syncError}
            onAcknowledge={actions.acknowledge} onResolve={actions.resolve} onRefused={actions.refuse}
          />
          <RecommendationList
            recommendations={recommendations} zoneNames={zoneNames} canDecide={canDecideRecommendations(role)} busy={actions.busy}
            onApprove={actions.approve} onReject={actions.reject} onRefused={actions.refuse}
          />
        </div>
      </main>
      <Notices notices={actions.notices} onDismiss={actions.dismiss} />
    </div>
  );
}
