/**
 * Parameters of the operational model, with the symbols of the paper and their valid ranges.
 * Collision-free speed model: Tordeux, Chraibi & Seyfried, "Collision-free speed model for
 * pedestrian dynamics", Traffic and Granular Flow '15 (2016); defaults as in JuPedSim.
 */
import { assertInRange } from '../contracts/index.ts';

export interface OperationalParams {
  /** A: strength of the neighbour repulsion on the direction (Tordeux 2016). */
  readonly strengthNeighbour: number;
  /** D: range of the neighbour repulsion, m. */
  readonly rangeNeighbourM: number;
  /** Strength of the wall repulsion on the direction. */
  readonly strengthWall: number;
  /** Range of the wall repulsion, m. */
  readonly rangeWallM: number;
  /** T: time gap, s; speed = min(v0, s / T) with s the free spacing ahead. */
  readonly timeGapS: number;
  /** Neighbours farther than this are ignored (the neighbour grid's cells are half of it), m. */
  readonly cutoffM: number;
  /**
   * In a dense crowd (at least `denseDensity` p/m² around) neighbours beyond `denseCutoffM` are
   * ignored: nearer people screen them from both the repulsion (below 0.01 A beyond l + 7 D) and
   * the spacing (someone nearer is ahead). Must not exceed half the cutoff (one grid cell).
   */
  readonly denseCutoffM: number;
  readonly denseDensity: number;
  /** Lateral creep speed of a blocked agent, against deadlock at extreme density, m/s. */
  readonly creepSpeedMps: number;
  /**
   * A blocked agent counts someone ahead who stands still or walks the other way at only this
   * share of their sum of radii in its spacing (turned shoulders), so two opposing streams pass
   * through each other and a walker through a standing crowd; 1 turns it off.
   */
  readonly opposingWidthFactor: number;
  /**
   * Step round people ahead who stand still or walk the other way (their repulsion turns
   * perpendicular to the heading) instead of being pushed back by them.
   */
  readonly stepAround: boolean;
  /** Centres are kept at least this far from any wall, m (the body still touches it at r > this). */
  readonly minWallDistanceM: number;
}

export const DEFAULT_OPERATIONAL: OperationalParams = {
  strengthNeighbour: 8,
  rangeNeighbourM: 0.1,
  strengthWall: 5,
  rangeWallM: 0.02,
  timeGapS: 1,
  cutoffM: 2,
  denseCutoffM: 1,
  denseDensity: 1.5,
  creepSpeedMps: 0.05,
  opposingWidthFactor: 0.5,
  stepAround: true,
  minWallDistanceM: 0.12,
};

export const DEFAULT_DT_S = 0.05;

export function checkOperationalParams(p: OperationalParams): OperationalParams {
  assertInRange('strengthNeighbour', p.strengthNeighbour, 0, 100);
  assertInRange('rangeNeighbourM', p.rangeNeighbourM, 0.01, 2);
  assertInRange('strengthWall', p.strengthWall, 0, 100);
  assertInRange('rangeWallM', p.rangeWallM, 0.001, 1);
  assertInRange('timeGapS', p.timeGapS, 0.1, 5);
  assertInRange('cutoffM', p.cutoffM, 0.5, 5);
  assertInRange('denseCutoffM', p.denseCutoffM, 0.3, p.cutoffM / 2);
  assertInRange('denseDensity', p.denseDensity, 0.5, 20);
  assertInRange('creepSpeedMps', p.creepSpeedMps, 0, 0.3);
  assertInRange('opposingWidthFactor', p.opposingWidthFactor, 0.5, 1);
  assertInRange('minWallDistanceM', p.minWallDistanceM, 0.05, 0.3);
  return p;
}

export function checkDt(dtS: number): number {
  assertInRange('dtS', dtS, 0.005, 0.1);
  return dtS;
}
