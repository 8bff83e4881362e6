/**
 * Fundamental diagrams on a periodic corridor (RiMEA tests 4 and 16): agents walk in +x along a
 * corridor whose ends are joined, at a fixed density, and their speed is measured in a
 * measurement area after a warm-up, as the guideline prescribes (60 s averaged, first 10 s dropped).
 */
import { AgentStore } from '../agents.ts';
import { NeighbourGrid } from '../neighbour-grid.ts';
import { OperationalModel } from '../operational-model.ts';
import { DEFAULT_OPERATIONAL, type OperationalParams } from '../params.ts';
import { Rng } from '../rng.ts';
import { WallGrid } from '../walls.ts';

export interface CorridorRun {
  readonly lengthM: number;
  readonly widthM: number;
  /** People per m² (2-D) or per m (when single file). */
  readonly density: number;
  readonly singleFile: boolean;
  readonly freeSpeedMps: number;
  readonly radiusM: number;
  readonly seed: number;
  readonly dtS?: number;
  readonly model?: Partial<OperationalParams>;
}

export interface FdPoint {
  readonly density: number;
  readonly speedMps: number;
  readonly agents: number;
}

/** Mean speed along the corridor in a 2 m long measurement area, over 60 s after a 10 s warm-up. */
export function measureCorridor(run: CorridorRun): FdPoint {
  const dt = run.dtS ?? 0.05;
  const L = run.lengthM, W = run.widthM;
  const n = Math.round(run.singleFile ? run.density * L : run.density * L * W);
  const rng = new Rng(run.seed);
  const store = new AgentStore(n);
  // Regular placement with a little jitter: rows across the corridor, evenly along it.
  const rows = run.singleFile ? 1 : Math.max(1, Math.floor((W - 0.3) / (2 * run.radiusM + 0.02)));
  const perRow = Math.ceil(n / rows);
  for (let k = 0; k < n; k++) {
    const row = k % rows, col = Math.floor(k / rows);
    const x = ((col + 0.5 * (row % 2)) * L) / perRow + rng.uniform(-0.01, 0.01);
    const y = rows === 1 ? W / 2 : 0.15 + run.radiusM + (row * (W - 0.3 - 2 * run.radiusM)) / Math.max(1, rows - 1);
    const i = store.add(k, ((x % L) + L) % L, y, run.radiusM, run.freeSpeedMps);
    store.desX[i] = 1;
    store.desY[i] = 0;
  }
  const bounds = { minX: 0, minY: 0, maxX: L, maxY: W };
  const walls = new WallGrid(new Float64Array([-1, 0, L + 1, 0, -1, W, L + 1, W]), bounds, 1, 0.6);
  const params = { ...DEFAULT_OPERATIONAL, ...run.model };
  // The grid's columns must tile [0, L) exactly for the periodic wrap (its origin is minX − 1).
  const grid = new NeighbourGrid({ minX: 1, minY: 0, maxX: L - 1, maxY: W }, (L / Math.floor(L / (params.cutoffM / 2))) * (1 + 1e-12));
  const model = new OperationalModel({ store, grid, walls, params, periodicLengthM: L, periodicMinX: 0 });
  const area0 = L / 2 - 1, area1 = L / 2 + 1;
  let sum = 0, count = 0;
  const steps = Math.round(70 / dt);
  for (let s = 0; s < steps; s++) {
    grid.build(store);
    model.step(dt);
    store.commitPositions();
    if (s * dt >= 10) {
      for (let i = 0; i < store.count; i++) {
        const x = store.x[i]!;
        if (x >= area0 && x < area1) { sum += store.vx[i]!; count++; }
      }
    }
  }
  return { density: run.density, speedMps: count > 0 ? sum / count : 0, agents: n };
}
