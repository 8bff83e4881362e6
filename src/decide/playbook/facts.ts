/**
 * The fact registry: every fact a playbook rule may test, with its type. Rules are checked
 * against it when loaded, so a misspelt fact is a load error, not a rule that never fires.
 * A fact is null when unknown (unknown zone, no forecast, no neighbours); see operators.ts.
 */
export type FactType = 'number' | 'string' | 'boolean' | 'level' | 'string[]';

export const FACTS = {
  'zone.id': { type: 'string', doc: 'zone id' },
  'zone.type': { type: 'string', doc: 'zone type (entry, corridor, stage_front, …)' },
  'zone.status': { type: 'string', doc: 'ok | degraded | unknown' },
  'zone.unknownForS': { type: 'number', doc: 'seconds the zone has been unknown (null while known)' },
  'zone.density': { type: 'number', doc: 'p/m²' },
  'zone.densityRatio': { type: 'number', doc: 'density / the zone\'s congestion density' },
  'zone.congestionDensity': { type: 'number', doc: 'p/m², from the venue' },
  'zone.occupancy': { type: 'number', doc: 'people' },
  'zone.capacity': { type: 'number', doc: 'people, from the venue' },
  'zone.capacityUtilisation': { type: 'number', doc: 'occupancy / capacity' },
  'zone.speed': { type: 'number', doc: 'm/s' },
  'zone.speedEstimated': { type: 'boolean', doc: 'speed from the fundamental diagram, not tracks' },
  'zone.surgeRate': { type: 'number', doc: 'p/m² per minute' },
  'zone.pressure': { type: 'number', doc: 'Helbing 2007 crowd pressure, [0, 1]' },
  'zone.coherence': { type: 'number', doc: 'flow coherence, [0, 1]' },
  'zone.inflowPerMin': { type: 'number', doc: 'p/min' },
  'zone.outflowPerMin': { type: 'number', doc: 'p/min' },
  'zone.confidence': { type: 'number', doc: 'state confidence, [0, 1]' },
  'risk.score': { type: 'number', doc: 'CrowdSafe score, [0, 1]' },
  'risk.level': { type: 'level', doc: 'SAFE < CAUTION < WARNING < CRITICAL' },
  'risk.triggers': { type: 'string[]', doc: 'trigger kinds that fired' },
  'forecast.pCongestion': { type: 'number', doc: 'P(congestion within the horizon)' },
  'forecast.etaMin': { type: 'number', doc: 'minutes to the expected congestion onset' },
  'forecast.peakDensityP50': { type: 'number', doc: 'highest median density forecast, p/m²' },
  'forecast.peakDensityP90': { type: 'number', doc: 'highest 90th-percentile density forecast, p/m²' },
  'neighbours.maxDensity': { type: 'number', doc: 'highest density among zones sharing a passage' },
  'neighbours.minDensity': { type: 'number', doc: 'lowest density among them' },
  'neighbours.maxScore': { type: 'number', doc: 'highest risk score among them' },
  'neighbours.maxLevel': { type: 'level', doc: 'highest risk level among them' },
  'neighbours.unknownCount': { type: 'number', doc: 'how many of them are unknown' },
  'schedule.active': { type: 'string[]', doc: 'ids of schedule entries running now' },
  'schedule.stageActive': { type: 'boolean', doc: 'a schedule entry runs on a stage of this zone' },
  'schedule.minutesToStart': { type: 'number', doc: 'minutes until the next entry on this zone\'s stage starts' },
  'schedule.minutesToEnd': { type: 'number', doc: 'minutes until the running entry on this zone\'s stage ends' },
  'time.hour': { type: 'number', doc: 'local hour in the venue\'s timezone, 0–23' },
  'time.minuteOfDay': { type: 'number', doc: 'local minutes since midnight, 0–1439' },
} as const satisfies Record<string, { type: FactType; doc: string }>;

export type FactName = keyof typeof FACTS;
export type FactValue = number | string | boolean | readonly string[] | null;
/** One zone's facts at one tick, as a plain record (tests, tools). */
export type Facts = Readonly<Record<FactName, FactValue>>;

/**
 * Where rules read facts from. The engine's source computes each fact on first use: most rules
 * fail on their first condition, so most facts of most zones are never computed.
 */
export interface FactSource {
  value(name: FactName): FactValue;
}

/** A plain record as a fact source; a fact it lacks is null. */
export function factsOf(record: Partial<Facts>): FactSource {
  return { value: (name) => record[name] ?? null };
}

export function isFactName(s: string): s is FactName {
  return Object.prototype.hasOwnProperty.call(FACTS, s);
}
