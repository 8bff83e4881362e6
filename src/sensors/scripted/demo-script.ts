/**
 * A scripted event for the demo feed until (and beside) the simulator: a 10-minute loop of
 * ingress, a show with a surge at the main stage, and egress that jams one tunnel. Each zone's
 * density follows keyframes by zone type; every sensor of the venue then reports what it would
 * see of that density (counts, anonymised positions, Wi-Fi devices, scans, line crossings) with
 * seeded noise. Deterministic for a seed, and pure: the caller publishes the readings.
 */
import { READING_SCHEMA, seededRandom, type EpochMs, type SensorReading } from '../../contracts/index.ts';
import { polygonArea, bounds, pointInPolygon, weidmannSpeed, type Polygon, type Venue, type Zone } from '../../venue/index.ts';

export const DEMO_CYCLE_S = 600;

/** [cycle second, density p/m²] keyframes per zone type; linear in between. */
const KEYFRAMES: Record<string, ReadonlyArray<readonly [number, number]>> = {
  entry: [[0, 1.2], [150, 2.4], [200, 0.6], [420, 0.3], [520, 1.6], [600, 1.2]],
  concourse: [[0, 0.4], [150, 1.0], [220, 0.5], [420, 0.6], [480, 1.8], [600, 0.4]],
  facility: [[0, 0.3], [150, 0.8], [300, 1.4], [420, 1.0], [540, 0.5], [600, 0.3]],
  corridor: [[0, 1.0], [150, 2.0], [200, 0.8], [420, 1.0], [450, 2.5], [600, 1.0]],
  standing: [[0, 0.8], [150, 1.8], [250, 2.6], [420, 2.6], [520, 0.8], [600, 0.8]],
  stage_front: [[0, 1.5], [150, 3.2], [300, 4.2], [360, 6.4], [400, 5.0], [440, 2.5], [600, 1.5]],
};
/** The tunnel that jams at egress, and how dense it gets (p/m²). */
const JAM = { zone: 'tunnel-n1', from: 430, peak: 470, to: 540, density: 5.2 };

export interface ScriptState {
  rng: () => number;
  nextDueMs: Map<string, number>;
  seq: number;
}

export function createScriptState(seed: number): ScriptState {
  // Seeded, so the demo is the same run every time.
  return { rng: seededRandom(seed), nextDueMs: new Map(), seq: 0 };
}

export function scriptedDensity(zone: Zone, cycleS: number): number {
  if (zone.id === JAM.zone && cycleS >= JAM.from && cycleS <= JAM.to) {
    const up = cycleS <= JAM.peak ? (cycleS - JAM.from) / (JAM.peak - JAM.from) : 1 - (cycleS - JAM.peak) / (JAM.to - JAM.from) / 2;
    return Math.max(interpolate(KEYFRAMES.corridor!, cycleS), JAM.density * Math.max(0, up));
  }
  return interpolate(KEYFRAMES[zone.type] ?? KEYFRAMES.concourse!, cycleS);
}

function interpolate(frames: ReadonlyArray<readonly [number, number]>, t: number): number {
  for (let i = 1; i < frames.length; i++) {
    const [t1, v1] = frames[i]!;
    const [t0, v0] = frames[i - 1]!;
    if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  }
  return frames[frames.length - 1]![1];
}

/** Weidmann (1993) speed at density ρ, floored at a shuffle (crowds keep creeping). */
function speedAt(density: number): number {
  return Math.max(0.05, weidmannSpeed(density));
}

/**
 * Readings due at `nowMs` (each sensor at its period). `startMs` anchors the loop: the demo starts
 * `offsetS` into the cycle so that the first seconds already show change.
 */
export function scriptedReadings(venue: Venue, st: ScriptState, nowMs: number, startMs: number, offsetS = 120): SensorReading[] {
  const cycleS = (((nowMs - startMs) / 1000 + offsetS) % DEMO_CYCLE_S + DEMO_CYCLE_S) % DEMO_CYCLE_S;
  const noise = (sd: number): number => 1 + sd * (st.rng() + st.rng() + st.rng() - 1.5) * 2;
  const out: SensorReading[] = [];
  const ts = Math.round(nowMs) as EpochMs;
  for (const s of venue.sensors) {
    const due = st.nextDueMs.get(s.id) ?? nowMs;
    if (nowMs < due) continue;
    st.nextDueMs.set(s.id, due + s.periodMs);
    const id = `demo-${s.id}-${ts}-${st.seq++}` as SensorReading['id'];
    const base = { schema: READING_SCHEMA, id, sensorId: s.id, ts } as const;
    const zone = venue.zoneById.get(s.zoneIds[0]!)!;
    const density = scriptedDensity(zone, cycleS);
    const intervalMs = s.periodMs as never;
    switch (s.kind) {
      case 'zone_count':
        out.push({ ...base, kind: 'zone_count', count: Math.max(0, Math.round(density * zone.areaSqm * noise(0.03))) });
        break;
      case 'wifi_count':
        out.push({ ...base, kind: 'wifi_count', intervalMs, devices: Math.max(0, Math.round((density * zone.areaSqm * noise(0.06)) / s.peoplePerDevice)) });
        break;
      case 'tracks':
        out.push({ ...base, kind: 'tracks', tracks: tracksFor(s.coverage ?? zone.polygon, zone, density, cycleS, st.rng) });
        break;
      case 'ticket_scan': {
        const gate = venue.gateById.get(s.gate)!;
        const ingress = cycleS < 200 ? 0.9 : cycleS > 520 ? 0.3 : 0.05;
        out.push({ ...base, kind: 'ticket_scan', intervalMs, entries: Math.round((gate.serviceRatePerMin * ingress * s.periodMs) / 60_000 * noise(0.1)) });
        break;
      }
      case 'line_count': {
        // Crossings over one period: towards the floor during ingress, away during egress.
        const widthM = s.gate ? venue.gateById.get(s.gate)!.widthM : venue.passageById.get(s.passage!)!.widthM;
        const specificFlow = Math.min(1.2, density * speedAt(density)) * 0.5; // p/(m·s), half the passage busy
        const total = specificFlow * widthM * (s.periodMs / 1000) * noise(0.1);
        const inShare = cycleS < 200 ? 0.85 : cycleS > 420 ? 0.15 : 0.5;
        out.push({ ...base, kind: 'line_count', intervalMs, in: Math.round(total * inShare), out: Math.round(total * (1 - inShare)) });
        break;
      }
    }
  }
  return out;
}

/**
 * Positions and velocities a camera would report. Standing crowds sway (a few cm/s, random
 * direction: low velocity variance, so low crowd pressure); walking crowds move together at the
 * Weidmann speed; during the surge at the main stage (cycle 330–390 s) the pit pushes towards
 * the stage with a large spread of speeds and directions: high variance, the precursor of
 * turbulence that the pressure metric (Helbing et al. 2007) is meant to catch.
 */
function tracksFor(area: Polygon, zone: Zone, density: number, cycleS: number, rng: () => number) {
  const n = Math.min(4000, Math.round(density * polygonArea(area)));
  const b = bounds(area);
  const towardsStage = zone.centroid[0] < 110 ? Math.PI : 0; // main stage west, side stage east
  const surge = zone.id === 'main-pit' && cycleS >= 330 && cycleS <= 390;
  const walking = cycleS < 200 || cycleS > 420;
  const tracks = [];
  for (let i = 0; tracks.length < n && i < n * 4; i++) {
    const x = b.minX + rng() * (b.maxX - b.minX);
    const y = b.minY + rng() * (b.maxY - b.minY);
    if (!pointInPolygon(x, y, area)) continue;
    let heading: number;
    let v: number;
    if (surge) {
      heading = towardsStage + (rng() - 0.5) * 2;
      v = 0.1 + rng() * 0.6;
    } else if (walking) {
      heading = (cycleS < 200 ? towardsStage : y > 75 ? Math.PI / 2 : -Math.PI / 2) + (rng() - 0.5) * 0.8;
      v = speedAt(density) * (0.8 + rng() * 0.4);
    } else {
      heading = rng() * 2 * Math.PI;
      v = 0.02 + rng() * 0.06;
    }
    // A scripted frame does not follow people from frame to frame, so no id is reused:
    // linking random positions would invent crossings of the counting lines.
    tracks.push({ trackId: `${Math.floor(cycleS * 10)}-${tracks.length}`, x: round(x), y: round(y), vx: round(v * Math.cos(heading)), vy: round(v * Math.sin(heading)) });
  }
  return tracks;
}

const round = (v: number): number => Math.round(v * 100) / 100;
