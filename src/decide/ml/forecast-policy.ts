/**
 * A forecast-driven policy: the shipped stand-in for a trained model, and the reference the
 * budget/fallback path is tested with. It acts on the forecast alone, while the zone is still
 * below WARNING, which is what lets it recommend before the playbook's state rules can:
 * - an entry zone expected to congest: meter its gate in proportion to the risk;
 * - any other zone: send arriving people to the least-loaded neighbour.
 * Confidence is P(congestion) × the zone state's confidence.
 */
import type { Action, TraceStep } from '../../contracts/index.ts';
import { levelRank } from '../../risk/index.ts';
import { venueIndex } from '../facts/venue-index.ts';
import { resolveAction } from '../recommend/resolve.ts';
import type { MlPolicy, MlProposal } from './policy.ts';

export interface ForecastPolicyOptions {
  /** Act from this P(congestion) (default 0.5, below the rules' 0.7: earlier, less sure). */
  readonly minP?: number;
  /** Act only on onsets within this many minutes (default 15). */
  readonly horizonMin?: number;
  readonly priority?: number;
}

export function createForecastPolicy(opts: ForecastPolicyOptions = {}): MlPolicy {
  const minP = opts.minP ?? 0.5;
  const horizonMin = opts.horizonMin ?? 15;
  const priority = opts.priority ?? 65;
  return {
    name: `forecast-policy(p≥${minP}, ≤${horizonMin} min)`,
    propose(input) {
      const index = venueIndex(input.venue);
      const states = new Map(input.states.map((s) => [s.zoneId, s]));
      const risks = new Map(input.risks.map((r) => [r.zoneId, r]));
      const out: MlProposal[] = [];
      for (const f of input.forecasts) {
        const zone = index.zoneById.get(f.zoneId);
        const state = states.get(f.zoneId);
        const level = risks.get(f.zoneId)?.level;
        if (!zone || !state || state.status === 'unknown' || !level || levelRank(level) >= levelRank('WARNING')) continue;
        const etaMin = f.congestionEta === null ? null : (f.congestionEta - input.ts) / 60_000;
        if (f.pCongestion < minP || etaMin === null || etaMin < 0 || etaMin > horizonMin) continue;
        const evidence: TraceStep[] = [
          { fact: 'forecast.pCongestion', operator: 'gte', value: minP, actual: f.pCongestion, result: true },
          { fact: 'forecast.etaMin', operator: 'lte', value: horizonMin, actual: Math.round(etaMin * 10) / 10, result: true },
          { fact: 'risk.level', operator: 'lt', value: 'WARNING', actual: level, result: true },
        ];
        const gate = zone.type === 'entry' ? zone.gateIds[0] : undefined;
        let action: Action | null = null;
        if (gate !== undefined) {
          const service = input.venue.gateById.get(gate)?.serviceRatePerMin ?? 60;
          action = { type: 'meter_gate', params: { gate, ratePerMin: Math.max(1, Math.round(service * (1 - f.pCongestion / 2))) } };
        } else {
          const r = resolveAction({ type: 'redirect_flow', params: { from: '$zone', to: '$leastLoadedNeighbour', signage: 'USE-OTHER-AREA' } }, { zoneId: zone.id, index, states });
          if ('action' in r) action = r.action;
        }
        if (!action) continue;
        out.push({
          zoneId: zone.id,
          action,
          confidence: f.pCongestion * state.confidence,
          summary: `forecast: ${zone.name} congested in ${etaMin.toFixed(0)} min with P=${f.pCongestion.toFixed(2)}`,
          priority,
          evidence,
        });
      }
      return out;
    },
  };
}
