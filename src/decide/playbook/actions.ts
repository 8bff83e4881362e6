/**
 * The action registry: each action a rule may recommend, with its parameters. A parameter that
 * names a venue object may use a variable resolved per zone at decision time:
 *   $zone                 the zone the rule fired for
 *   $leastLoadedNeighbour the known neighbouring zone with the lowest density
 *   $stage                the stage whose audience zone this is
 *   $otherStage           the first stage that is not this zone's
 *   $zoneGate / $zoneGates the first / all gates of this zone
 *   $nearestExit(s)       the exit gate(s) fewest passages away (evacuation gate assignment)
 */
import type { ActionType } from '../../contracts/index.ts';

export type ParamType = 'gate' | 'gates' | 'zone' | 'zones' | 'stage' | 'number' | 'integer' | 'string' | 'boolean';

export interface ParamSpec {
  readonly type: ParamType;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Used when the rule leaves it out. */
  readonly default?: string | number | boolean | readonly string[];
  readonly doc: string;
}

const p = (type: ParamType, required: boolean, doc: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ type, required, doc, ...extra });

export const ACTIONS: Record<ActionType, { readonly doc: string; readonly params: Readonly<Record<string, ParamSpec>> }> = {
  meter_gate: {
    doc: 'let people through a gate at a reduced rate',
    params: { gate: p('gate', true, 'gate to meter'), ratePerMin: p('number', true, 'entries per minute', { min: 0, max: 10_000 }) },
  },
  close_gate: { doc: 'stop entries at a gate', params: { gate: p('gate', true, 'gate to close') } },
  open_exit: { doc: 'open a gate as an exit', params: { gate: p('gate', true, 'gate to open') } },
  redirect_flow: {
    doc: 'send arriving people elsewhere by signage',
    params: {
      from: p('zone', false, 'zone people are kept out of', { default: '$zone' }),
      to: p('zone', true, 'zone people are sent to'),
      signage: p('string', false, 'sign or message id to show'),
    },
  },
  dispatch_stewards: {
    doc: 'send stewards to a zone',
    params: {
      zone: p('zone', false, 'where to', { default: '$zone' }),
      count: p('integer', true, 'how many', { min: 1, max: 500 }),
      task: p('string', false, 'what to do there'),
    },
  },
  hold_stage: {
    doc: 'hold (pause or delay) a performance',
    params: { stage: p('stage', true, 'stage to hold'), minutes: p('number', true, 'for how long', { min: 1, max: 180 }) },
  },
  switch_stage: {
    doc: 'move the programme to another stage',
    params: { from: p('stage', true, 'stage to stop'), to: p('stage', true, 'stage to start') },
  },
  announce: {
    doc: 'public address announcement',
    params: {
      zones: p('zones', false, 'where to announce', { default: ['$zone'] }),
      message: p('string', true, 'text of the announcement'),
    },
  },
  evacuate: {
    doc: 'evacuate a zone through assigned gates',
    params: {
      zone: p('zone', false, 'zone to evacuate', { default: '$zone' }),
      gates: p('gates', false, 'gate assignment, in order of preference', { default: '$nearestExits' }),
    },
  },
};

export const VARIABLES: Readonly<Record<string, ParamType>> = {
  $zone: 'zone',
  $leastLoadedNeighbour: 'zone',
  $stage: 'stage',
  $otherStage: 'stage',
  $zoneGate: 'gate',
  $zoneGates: 'gates',
  $nearestExit: 'gate',
  $nearestExits: 'gates',
};

/** The single-object type a list type holds. */
export function elementType(t: ParamType): ParamType | null {
  return t === 'gates' ? 'gate' : t === 'zones' ? 'zone' : null;
}
