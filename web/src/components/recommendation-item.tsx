/** One pending recommendation: what to do, where, why and from which engine; approve or reject for supervisors. */
import { memo, useRef, useState } from 'react';
import type { Recommendation } from '../api/index.ts';
import { formatAction, formatClock } from '../format.ts';
import { LevelBadge } from './level-badge.tsx';
import { RejectForm } from './reject-form.tsx';
import { RoleButton } from './role-button.tsx';

export interface RecommendationItemProps {
  recommendation: Recommendation;
  zoneName: string;
  canDecide: boolean;
  busy: boolean;
  onApprove: (id: string) => unknown;
  onReject: (id: string, reason: string) => Promise<boolean>;
  onRefused: () => void;
}

export const RecommendationItem = memo(function RecommendationItem(p: RecommendationItemProps) {
  const r = p.recommendation;
  const [rejecting, setRejecting] = useState(false);
  const itemRef = useRef<HTMLLIElement>(null);
  // Back to the Reject button after cancelling, so the keyboard user is where they were.
  const cancel = (): void => {
    setRejecting(false);
    window.setTimeout(() => itemRef.current?.querySelector<HTMLButtonElement>(`[data-testid="reject-${r.id}"]`)?.focus(), 0);
  };
  const action = formatAction(r.action.type, r.action.params);
  const reject = async (reason: string): Promise<void> => {
    if (await p.onReject(r.id, reason)) setRejecting(false);
  };
  return (
    <li ref={itemRef} className={`rec-item level-${r.level}`} data-testid={`recommendation-${r.id}`} data-level={r.level} data-status={r.status}>
      <div className="rec-head">
        <LevelBadge level={r.level} />
        <span className="rec-verb">{action.verb}</span>
        <span className="rec-zone">{p.zoneName}</span>
        <time className="rec-time" dateTime={new Date(r.ts).toISOString()}>{formatClock(r.ts)}</time>
      </div>
      {action.details !== '' && <div className="rec-params">{action.details}</div>}
      <div className="rec-why">{r.explanation.summary}</div>
      <div className="rec-meta">
        source {r.source === 'ml' ? 'ML policy' : 'rules'}{r.explanation.ruleId !== null ? ` (${r.explanation.ruleId})` : ''}
        {' · '}confidence {Math.round(r.confidence * 100)}% · priority {r.priority}
      </div>
      {rejecting ? (
        <RejectForm id={r.id} busy={p.busy} onSubmit={(reason) => void reject(reason)} onCancel={cancel} />
      ) : (
        <div className="rec-actions">
          <RoleButton
            testId={`approve-${r.id}`} className="approve" allowed={p.canDecide} busy={p.busy}
            onPress={() => p.onApprove(r.id)} onRefused={p.onRefused}
          >Approve</RoleButton>
          <RoleButton
            testId={`reject-${r.id}`} className="reject" allowed={p.canDecide} busy={p.busy}
            onPress={() => setRejecting(true)} onRefused={p.onRefused}
          >Reject</RoleButton>
        </div>
      )}
    </li>
  );
});
