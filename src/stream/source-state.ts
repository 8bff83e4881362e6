/**
 * What the processor remembers per source and per zone between readings, and its JSON form for
 * checkpoints. Everything here is restored exactly: numbers survive JSON unchanged.
 */
import { PaneRing } from './panes.ts';
import type { CellMemory, PreviousFrame, TrackMemory } from './tracks-metrics.ts';

export interface SourceState {
  readonly ring: PaneRing;
  /** Event time and value of the newest level reading (−1 before any). */
  lastTs: number;
  lastValue: number;
  /** Newest event time of any reading of this source (−1 before any). */
  lastEventTs: number;
  /** Processing time at which its newest reading was ingested (−1 before any): staleness is silence. */
  lastReceivedAt: number;
  /** tracks: the newest frame, for velocities and crossings. */
  prevFrame: PreviousFrame | null;
}

/** Occupancy integrated from line counts: max(0, net + offset). */
export interface Integrator {
  /** Σ sign · (in − out) over the integrating sources since start. */
  net: number;
  /** Anchor and drift correction, moved toward absolute counts. */
  offset: number;
  anchored: boolean;
}

export function newSourceState(panes: number, stride: number): SourceState {
  return { ring: new PaneRing(panes, stride), lastTs: -1, lastValue: 0, lastEventTs: -1, lastReceivedAt: -1, prevFrame: null };
}

export interface SourceJson {
  readonly id: string;
  readonly rows: number[][];
  readonly lastTs: number;
  readonly lastValue: number;
  readonly lastEventTs: number;
  readonly lastReceivedAt: number;
  /** Per track: id, x, y; per pressure cell: key and its averages. */
  readonly prev: { ts: number; tracks: [string, number, number][]; cells: [number, ...CellMemory][] } | null;
}

export function sourceToJson(id: string, s: SourceState): SourceJson {
  return {
    id,
    rows: s.ring.toRows(),
    lastTs: s.lastTs,
    lastValue: s.lastValue,
    lastEventTs: s.lastEventTs,
    lastReceivedAt: s.lastReceivedAt,
    prev: s.prevFrame === null ? null : {
      ts: s.prevFrame.ts,
      tracks: [...s.prevFrame.tracks].map(([t, [x, y]]) => [t, x, y]),
      cells: [...s.prevFrame.cells].map(([k, c]) => [k, ...c]),
    },
  };
}

export function loadSourceJson(s: SourceState, j: SourceJson): void {
  s.ring.loadRows(j.rows);
  s.lastTs = j.lastTs;
  s.lastValue = j.lastValue;
  s.lastEventTs = j.lastEventTs;
  s.lastReceivedAt = j.lastReceivedAt;
  s.prevFrame = j.prev === null ? null : {
    ts: j.prev.ts,
    tracks: new Map(j.prev.tracks.map(([t, x, y]): [string, TrackMemory] => [t, [x, y]])),
    cells: new Map(j.prev.cells.map(([k, ...c]): [number, CellMemory] => [k, c])),
  };
}
