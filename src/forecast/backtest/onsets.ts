/**
 * Congestion onsets and alarm scoring (VALIDATION.md, "Forecast evaluation conventions"):
 * - onset: a zone's true density crosses its congestion threshold from below (density ≥ threshold
 *   now, < threshold the second before), after at least `rearmS` seconds below (hysteresis: a zone
 *   hovering at the threshold makes one onset, not one per flicker);
 * - alarm: a forecast with pCongestion ≥ `alarmP` made while the zone is truly below threshold
 *   (an alarm once congested has zero lead and is not counted, neither true nor false);
 * - a true alarm has an onset of its zone within (alarm time, alarm time + horizon]; any other
 *   alarm is a false alarm; precision = true alarms / alarms (per forecast, so a model alarming
 *   every 30 s for ten minutes before one onset counts as many true alarms);
 * - an onset is detected when an alarm of its zone was made within [onset − horizon, onset);
 *   recall = detected onsets / onsets; lead = onset − the earliest such alarm;
 * - an alert is what an operator sees: consecutive alarms of one zone, no more than `alertGapMs`
 *   apart, raise one alert (the runtime keeps one alert open while its condition holds). An alert
 *   is true when an onset of its zone falls within (its first alarm, its last alarm + horizon];
 *   alertPrecision = true alerts / alerts. Reported beside the per-forecast precision, which stays
 *   the stricter figure the target is checked on.
 * Recall and precision are null (not 0 or 1) when there is nothing to count.
 */
import type { TruthSeries } from './truth.ts';

export interface Onset { readonly zoneIndex: number; readonly tsMs: number }
export interface Alarm { readonly zoneIndex: number; readonly tsMs: number }

export interface OnsetScore {
  readonly onsets: number;
  readonly detected: number;
  readonly alarms: number;
  readonly trueAlarms: number;
  readonly falseAlarms: number;
  readonly recall: number | null;
  readonly precision: number | null;
  readonly medianLeadS: number | null;
  readonly leadsS: number[];
  /** Alarm episodes per zone (see the header) and how many were followed by an onset. */
  readonly alerts: number;
  readonly trueAlerts: number;
  readonly alertPrecision: number | null;
}

/** Alarms of one zone further apart than this start a new alert: two forecast intervals of the backtest's default 30 s. */
export const DEFAULT_ALERT_GAP_MS = 60_000;

export function findOnsets(truth: TruthSeries, rearmS = 60): Onset[] {
  const out: Onset[] = [];
  truth.venue.zones.forEach((zone, i) => {
    const occ = truth.occupancy[i]!;
    const thr = zone.congestionDensity * zone.areaSqm;
    let belowSince = -Infinity;
    let wasBelow = false;
    for (let s = 0; s < truth.seconds; s++) {
      const v = occ[s]!;
      if (Number.isNaN(v)) continue;
      if (v < thr) {
        if (!wasBelow) belowSince = s;
        wasBelow = true;
        continue;
      }
      if (wasBelow && s - belowSince >= rearmS) out.push({ zoneIndex: i, tsMs: truth.startMs + s * 1000 });
      wasBelow = false;
    }
  });
  return out;
}

export function scoreOnsets(onsets: readonly Onset[], alarms: readonly Alarm[], horizonMs: number, alertGapMs = DEFAULT_ALERT_GAP_MS): OnsetScore {
  const byZone = new Map<number, number[]>();
  for (const o of onsets) (byZone.get(o.zoneIndex) ?? byZone.set(o.zoneIndex, []).get(o.zoneIndex)!).push(o.tsMs);
  let trueAlarms = 0;
  for (const a of alarms) {
    if ((byZone.get(a.zoneIndex) ?? []).some((t) => t > a.tsMs && t <= a.tsMs + horizonMs)) trueAlarms++;
  }
  const leadsS: number[] = [];
  for (const o of onsets) {
    let first = Infinity;
    for (const a of alarms) if (a.zoneIndex === o.zoneIndex && a.tsMs >= o.tsMs - horizonMs && a.tsMs < o.tsMs) first = Math.min(first, a.tsMs);
    if (Number.isFinite(first)) leadsS.push((o.tsMs - first) / 1000);
  }
  leadsS.sort((x, y) => x - y);
  const { alerts, trueAlerts } = scoreAlerts(byZone, alarms, horizonMs, alertGapMs);
  return {
    alerts, trueAlerts, alertPrecision: alerts === 0 ? null : trueAlerts / alerts,
    onsets: onsets.length,
    detected: leadsS.length,
    alarms: alarms.length,
    trueAlarms,
    falseAlarms: alarms.length - trueAlarms,
    recall: onsets.length === 0 ? null : leadsS.length / onsets.length,
    precision: alarms.length === 0 ? null : trueAlarms / alarms.length,
    medianLeadS: leadsS.length === 0 ? null : median(leadsS),
    leadsS,
  };
}

/** The onsets no alarm of their zone saw coming within the horizon: what an operator would have been surprised by. */
export function missedOnsets(onsets: readonly Onset[], alarms: readonly Alarm[], horizonMs: number): Onset[] {
  return onsets.filter((o) => !alarms.some((a) => a.zoneIndex === o.zoneIndex && a.tsMs >= o.tsMs - horizonMs && a.tsMs < o.tsMs));
}

/** Groups each zone's alarms into alerts and counts those followed by an onset of the zone. */
function scoreAlerts(onsetsByZone: ReadonlyMap<number, number[]>, alarms: readonly Alarm[], horizonMs: number, gapMs: number): { alerts: number; trueAlerts: number } {
  const byZone = new Map<number, number[]>();
  for (const a of alarms) (byZone.get(a.zoneIndex) ?? byZone.set(a.zoneIndex, []).get(a.zoneIndex)!).push(a.tsMs);
  let alerts = 0, trueAlerts = 0;
  for (const [zone, times] of byZone) {
    times.sort((x, y) => x - y);
    const onsets = onsetsByZone.get(zone) ?? [];
    let start = times[0]!;
    for (let k = 0; k < times.length; k++) {
      const end = times[k]!;
      if (k + 1 < times.length && times[k + 1]! - end <= gapMs) continue;
      alerts++;
      if (onsets.some((t) => t > start && t <= end + horizonMs)) trueAlerts++;
      if (k + 1 < times.length) start = times[k + 1]!;
    }
  }
  return { alerts, trueAlerts };
}

function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/** Several runs' scores as one: counts summed, leads pooled (the median is over all leads). */
export function poolOnsetScores(scores: readonly OnsetScore[]): OnsetScore {
  let onsets = 0, detected = 0, alarms = 0, trueAlarms = 0, alerts = 0, trueAlerts = 0;
  for (const s of scores) {
    onsets += s.onsets; detected += s.detected; alarms += s.alarms; trueAlarms += s.trueAlarms;
    alerts += s.alerts; trueAlerts += s.trueAlerts;
  }
  const leadsS = scores.flatMap((s) => s.leadsS).sort((a, b) => a - b);
  const m = leadsS.length >> 1;
  return {
    onsets, detected, alarms, trueAlarms, falseAlarms: alarms - trueAlarms,
    alerts, trueAlerts, alertPrecision: alerts === 0 ? null : trueAlerts / alerts,
    recall: onsets === 0 ? null : detected / onsets,
    precision: alarms === 0 ? null : trueAlarms / alarms,
    medianLeadS: leadsS.length === 0 ? null : leadsS.length % 2 ? leadsS[m]! : (leadsS[m - 1]! + leadsS[m]!) / 2,
    leadsS,
  };
}
