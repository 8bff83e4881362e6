/** Recommendations waiting for a supervisor, most severe first. */
import type { Recommendation } from '../api/index.ts';
import { RecommendationItem } from './recommendation-item.tsx';

export interface RecommendationListProps {
  recommendations: readonly Recommendation[];
  zoneNames: ReadonlyMap<string, string>;
  canDecide: boolean;
  busy: ReadonlySet<string>;
  onApprove: (id: string) => unknown;
  onReject: (id: string, reason: string) => Promise<boolean>;
  onRefused: () => void;
}

export function RecommendationList(p: RecommendationListProps) {
  return (
    <section className="panel rec-panel" aria-labelledby="recs-heading">
      <header className="panel-head">
        <h2 id="recs-heading">Pending approval <span className="count">{p.recommendations.length}</span></h2>
      </header>
      <ol className="rec-list" data-testid="recommendations-list">
        {p.recommendations.length === 0 && <li className="empty">Nothing waiting for approval.</li>}
        {p.recommendations.map((r) => (
          <RecommendationItem
            key={r.id} recommendation={r} zoneName={p.zoneNames.get(r.zoneId) ?? r.zoneId} canDecide={p.canDecide}
            busy={p.busy.has(r.id)} onApprove={p.onApprove} onReject={p.onReject} onRefused={p.onRefused}
          />
        ))}
      </ol>
    </section>
  );
}
