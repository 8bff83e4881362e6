/**
 * The decision engine: one tick = alerts from the risk assessments, the playbook over every
 * zone's facts, and the ML policy under its budget, merged. The playbook always runs, so a slow,
 * failing or absent model still leaves a tick with the rules' decisions; `tick` never rejects.
 *
 * State kept between ticks (all in this instance, none global): the alert tracker (hysteresis,
 * cooldowns, episodes) and when each rule last fired per zone (repeat cooldown).
 */
import type { Recommendation, RiskAssessment, RiskLevel } from '../contracts/index.ts';
import { levelRank, type RiskSettings } from '../risk/index.ts';
import type { Zone } from '../venue/index.ts';
import { createAlertTracker } from './alerts/tracker.ts';
import { ZoneFacts, type TickContext } from './facts/build.ts';
import { tickContext, trackUnknown } from './facts/context.ts';
import { venueIndex, type VenueIndex } from './facts/venue-index.ts';
import { createMlGuard, type Delay, type MlOutcome, type MlStatus } from './ml/guard.ts';
import type { MlPolicy, MlProposal } from './ml/policy.ts';
import type { Playbook, Rule } from './playbook/model.ts';
import { actionKey, buildRecommendation } from './recommend/build.ts';
import { resolveAction } from './recommend/resolve.ts';
import { DecisionSettings, resolveDecisionSettings } from './settings.ts';
import type { DecisionInput, DecisionMode, DecisionTick } from './types.ts';

export interface DecisionEngineOptions {
  readonly playbook: Playbook;
  readonly settings?: Partial<DecisionSettings>;
  readonly policy?: MlPolicy;
  /** Processing time in ms, for the ML latency budget only. */
  readonly now: () => number;
  /** Timeout of the ML call; a real timer by default. */
  readonly delay?: Delay;
  /** The current risk settings (level thresholds for the alert hysteresis); the guide's by default. */
  readonly riskSettings?: () => RiskSettings;
}

export interface DecisionEngineStatus {
  readonly mode: DecisionMode;
  readonly playbook: { readonly id: string; readonly file: string; readonly rules: number };
  readonly ml: MlStatus | null;
  readonly ticks: number;
  /** Actions skipped because a variable had nothing to point at (e.g. $stage in a zone without one). */
  readonly unresolvedActions: number;
  readonly lastError: string | null;
}

export interface DecisionEngine {
  /** Never rejects. */
  tick(input: DecisionInput): Promise<DecisionTick>;
  setPlaybook(p: Playbook): void;
  setSettings(s: DecisionSettings): void;
  status(): DecisionEngineStatus;
}

/** An unknown zone has no level; a recommendation about it (go and look) is treated as CAUTION. */
const UNKNOWN_ZONE_LEVEL: RiskLevel = 'CAUTION';
const ML_DEFAULT_PRIORITY = 50;

export function createDecisionEngine(opts: DecisionEngineOptions): DecisionEngine {
  let playbook = opts.playbook;
  let settings = resolveDecisionSettings(opts.settings);
  const tracker = createAlertTracker(() => settings, opts.riskSettings);
  const guard = opts.policy ? createMlGuard(opts.policy, opts.now, opts.delay) : null;
  const lastFired = new Map<string, { ts: number; level: RiskLevel }>();
  const unknownSince = new Map<string, number>();
  let rulesByZone = new Map<string, readonly Rule[]>();
  let mode: DecisionMode = 'rules';
  let ticks = 0;
  let unresolvedActions = 0;
  let lastError: string | null = null;
  /** Reused for every zone: facts are read one at a time and only while that zone is evaluated. */
  const facts = new ZoneFacts();

  const rulesFor = (zone: Zone): readonly Rule[] => {
    let rules = rulesByZone.get(zone.id);
    if (!rules) {
      rules = playbook.rules.filter((r) => (r.zoneIds === null && r.zoneTypes === null)
        || r.zoneIds?.has(zone.id) === true || r.zoneTypes?.has(zone.type) === true);
      rulesByZone.set(zone.id, rules);
    }
    return rules;
  };

  /** False while the same thing was recommended for this zone within the cooldown, unless the level rose. */
  const mayRepeat = (key: string, ts: number, level: RiskLevel, cooldownMs: number): boolean => {
    const last = lastFired.get(key);
    if (last && ts - last.ts < cooldownMs && levelRank(level) <= levelRank(last.level)) return false;
    lastFired.set(key, { ts, level });
    return true;
  };

  function runRules(input: DecisionInput, s: DecisionSettings, ctx: TickContext, index: VenueIndex): DecisionTick {
    const alerts: DecisionTick['alerts'] = [];
    const recommendations: Recommendation[] = [];
    for (const state of input.states) {
      const zone = index.zoneById.get(state.zoneId);
      if (!zone) continue;
      try {
        const risk = ctx.risks.get(zone.id);
        if (risk) {
          const alert = tracker.update(risk, state, zone.name);
          if (alert) alerts.push(alert);
        }
        const level = risk?.level ?? UNKNOWN_ZONE_LEVEL;
        const rules = rulesFor(zone);
        if (rules.length === 0) continue;
        facts.reset(ctx, zone, state);
        // Within a tick, a zone gets each action (type and target) once: from the rule of highest
        // priority; the others that asked for it are named in its summary.
        let taken: Map<string, Recommendation> | null = null;
        for (const rule of rules) {
          if (!rule.test(facts)) continue;
          if (!mayRepeat(`rule|${rule.id}|${zone.id}`, input.ts, level, rule.cooldownMs ?? s.recommendationCooldownMs)) continue;
          const trace = rule.explain(facts);
          const summary = ruleSummary(rule, trace);
          for (let i = 0; i < rule.then.length; i++) {
            const resolved = resolveAction(rule.then[i]!, { zoneId: zone.id, index, states: ctx.states });
            if ('unresolved' in resolved) {
              unresolvedActions++;
              lastError = `rule ${rule.id}: ${resolved.unresolved}`;
              continue;
            }
            const key = actionKey(zone.id, resolved.action);
            const same = taken?.get(key);
            if (same) {
              same.explanation.summary += `; also ${rule.id}`;
              continue;
            }
            const rec = buildRecommendation({
              venueId: input.venue.id, zoneId: zone.id, ts: input.ts, action: resolved.action, priority: rule.priority,
              level, source: 'rules', confidence: state.confidence, ruleId: rule.id,
              summary, trace, ruleRequiresApproval: rule.requiresApproval, index: i,
            }, s);
            (taken ??= new Map()).set(key, rec);
            recommendations.push(rec);
          }
        }
      } catch (e) {
        // One zone's failure must not cost the other zones their decisions.
        lastError = `zone ${zone.id}: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return { alerts, recommendations, mode: 'rules' };
  }

  function mlRecommendations(proposals: readonly MlProposal[], input: DecisionInput, s: DecisionSettings,
    risks: ReadonlyMap<string, RiskAssessment>, fromRules: readonly Recommendation[]): Recommendation[] {
    const ruled = new Set(fromRules.map((r) => actionKey(r.zoneId, r.action)));
    const out: Recommendation[] = [];
    proposals.forEach((p, i) => {
      const key = actionKey(p.zoneId, p.action);
      // The playbook already recommends the same thing: the rules' record stands.
      if (ruled.has(key)) return;
      const level = risks.get(p.zoneId)?.level ?? UNKNOWN_ZONE_LEVEL;
      if (!mayRepeat(`ml|${key}`, input.ts, level, s.recommendationCooldownMs)) return;
      out.push(buildRecommendation({
        venueId: input.venue.id, zoneId: p.zoneId, ts: input.ts, action: p.action, priority: p.priority ?? ML_DEFAULT_PRIORITY,
        level, source: 'ml', confidence: p.confidence, ruleId: null, summary: p.summary, trace: [...(p.evidence ?? [])],
        ruleRequiresApproval: false, index: i,
      }, s));
    });
    return out;
  }

  return {
    setPlaybook(p) {
      playbook = p;
      rulesByZone = new Map();
    },
    setSettings(s) {
      settings = DecisionSettings.parse(s);
    },
    status: () => ({
      mode,
      playbook: { id: playbook.id, file: playbook.file, rules: playbook.rules.length },
      ml: guard?.status() ?? null,
      ticks,
      unresolvedActions,
      lastError,
    }),
    async tick(input) {
      ticks++;
      const s = settings;
      // Start the model first: it runs while the rules are evaluated.
      const ml: Promise<MlOutcome> | null = guard ? guard.call(input, s) : null;
      let alerts: DecisionTick['alerts'] = [];
      let recommendations: Recommendation[] = [];
      let risks: ReadonlyMap<string, RiskAssessment> = new Map();
      try {
        const index = venueIndex(input.venue);
        trackUnknown(input.states, input.ts, unknownSince);
        const ctx = tickContext(input, playbook, index, unknownSince);
        risks = ctx.risks;
        ({ alerts, recommendations } = runRules(input, s, ctx, index));
      } catch (e) {
        lastError = `tick ${input.ts}: ${e instanceof Error ? e.message : String(e)}`;
      }
      mode = 'rules';
      if (ml) {
        const outcome = await ml;
        if (outcome.kind === 'ok') {
          mode = 'ml+rules';
          try {
            recommendations.push(...mlRecommendations(outcome.proposals, input, s, risks, recommendations));
          } catch (e) {
            lastError = `ml proposals: ${e instanceof Error ? e.message : String(e)}`;
          }
        } else if (guard!.status().circuit === 'open') {
          mode = 'rules (ml circuit open)';
        }
      }
      recommendations.sort((a, b) => b.priority - a.priority || a.zoneId.localeCompare(b.zoneId));
      return { alerts, recommendations, mode };
    },
  };
}

/** "<description>: zone.density 5.2 gt 4, risk.level WARNING gte WARNING". */
function ruleSummary(rule: Rule, trace: readonly { fact: string; operator: string; value: unknown; actual: unknown; result: boolean }[]): string {
  const held = trace.filter((t) => t.result).map((t) => `${t.fact} ${fmt(t.actual)} ${t.operator} ${fmt(t.value)}`);
  return held.length > 0 ? `${rule.description}: ${held.join(', ')}` : rule.description;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}
