/**
 * Turns an action template into a concrete action for one zone: variables ($zone,
 * $nearestExits, …) become venue ids. A variable with nothing to point at (a zone without a
 * stage asked for $stage) makes the action unresolvable; the caller skips it and says so.
 */
import type { Action, ZoneState } from '../../contracts/index.ts';
import type { VenueIndex } from '../facts/venue-index.ts';
import type { ActionTemplate } from '../playbook/model.ts';

export interface ResolveContext {
  readonly zoneId: string;
  readonly index: VenueIndex;
  readonly states: ReadonlyMap<string, ZoneState>;
}

type Value = Action['params'][string];

/** Exits named by $nearestExits: the two nearest, so a crowd splits over two gates. */
const NEAREST_EXITS = 2;

export function resolveAction(t: ActionTemplate, ctx: ResolveContext): { action: Action } | { unresolved: string } {
  const params: Record<string, Value> = {};
  for (const [key, raw] of Object.entries(t.params)) {
    const v = resolveValue(raw, ctx);
    if (v === null) return { unresolved: `${t.type}.${key}: ${String(raw)} has no value for zone ${ctx.zoneId}` };
    params[key] = v;
  }
  return { action: { type: t.type, params } };
}

function resolveValue(raw: string | number | boolean | readonly string[], ctx: ResolveContext): Value | null {
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') return raw.startsWith('$') ? variable(raw, ctx) : raw;
  const out: string[] = [];
  for (const item of raw) {
    const v = item.startsWith('$') ? variable(item, ctx) : item;
    if (v === null) return null;
    if (Array.isArray(v)) out.push(...v);
    else out.push(String(v));
  }
  return out;
}

function variable(name: string, ctx: ResolveContext): Value | null {
  const { zoneId, index } = ctx;
  switch (name) {
    case '$zone':
      return zoneId;
    case '$stage':
      return index.stagesOfZone.get(zoneId)?.[0] ?? null;
    case '$otherStage': {
      const own = index.stagesOfZone.get(zoneId) ?? [];
      return index.stageIds.find((s) => !own.includes(s)) ?? null;
    }
    case '$zoneGate':
      return index.zoneById.get(zoneId)?.gateIds[0] ?? null;
    case '$zoneGates': {
      const gates = index.zoneById.get(zoneId)?.gateIds ?? [];
      return gates.length > 0 ? [...gates] : null;
    }
    case '$nearestExit':
      return index.exitsByDistance.get(zoneId)?.[0] ?? null;
    case '$nearestExits': {
      const exits = index.exitsByDistance.get(zoneId) ?? [];
      return exits.length > 0 ? exits.slice(0, NEAREST_EXITS) : null;
    }
    case '$leastLoadedNeighbour': {
      let best: string | null = null;
      let bestRatio = Infinity;
      for (const n of index.neighbours.get(zoneId) ?? []) {
        const s = ctx.states.get(n);
        const z = index.zoneById.get(n);
        if (!s || s.status === 'unknown' || s.density === null || !z) continue;
        const ratio = s.density / z.congestionDensity;
        if (ratio < bestRatio) {
          bestRatio = ratio;
          best = n;
        }
      }
      return best;
    }
    default:
      return null;
  }
}
