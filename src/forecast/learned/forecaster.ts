/**
 * The learned forecaster: the physics forecast corrected by a small net (net.ts) trained on
 * simulated events (train.ts). One batched forward pass for every zone with a known occupancy per
 * forecast; tensors live only inside tf.tidy, so nothing leaks per call.
 * - occupancy p50 per horizon: the net's (physics blended with the trend, corrected) combined
 *   with the plain physics path by each one's recent skill in that zone at that horizon
 *   (skill-weights.ts; `skillWeighting`, default on): where the net's correction has been going
 *   wrong lately (a venue unlike those it was trained on), the physics leads, and the reverse;
 *   at the horizons the event's plan promises quiet, persistence (the occupancy now) is a third
 *   member (`persistence`, default on; scheduled-quiet.ts);
 * - p10/p90 from the quantile head, at the net's distances from its own p50 (density = occupancy / area);
 * - pCongestion: already congested (occupancy now ≥ threshold): the band's max over h of
 *   P(occupancy ≥ threshold) (normal through p10/p90); otherwise the onset head's P(onset within
 *   10 min) through the artifact's calibration map, so 0.5 is the validated alarm operating point;
 * - congestionEta: now when congested; when pCongestion ≥ 0.5, now + the onset head's expected
 *   time to the onset (minute m counts as its middle, m − 0.5); otherwise null.
 */
import { CrowdflowError, type EpochMs, type ZoneForecast, type ZoneState } from '../../contracts/index.ts';
import type { Venue } from '../../venue/index.ts';
import { normalCdf } from '../band.ts';
import { MAX_HORIZON_MIN, MINUTE_MS, type Forecaster } from '../forecaster.ts';
import { jamOccupancy } from '../models/history-model.ts';
import { PHYSICS_MODEL_NAME, PHYSICS_MODEL_REVISION, type PhysicsOptions } from '../models/physics.ts';
import { allocColumns, forecastsFromColumns, type ForecastColumns } from '../forecast-columns.ts';
import { plannedChanges, quietSecondsAt } from '../scheduled-quiet.ts';
import { SkillWeights, type SkillOptions } from '../skill-weights.ts';
import { parseLearnedArtifact, type LearnedArtifact } from './artifact.ts';
import { loadTf, type TfBackend } from './backend.ts';
import { calibrate } from './calibration.ts';
import { createFeatureExtractor, FEATURE_COUNT, FEATURE_NAMES } from './features.ts';
import { blendWeight, layersFromEncoded, predictMean, onsetDistribution, ONSET_CLASSES, OUT_HI, OUT_LO, OUT_PHYSICS, OUT_TREND, OUTPUT_COUNT, softplus, trendAt } from './net.ts';

const H = MAX_HORIZON_MIN;
const Z90 = 1.2816;
const SLOPE = FEATURE_NAMES.indexOf('slope_5min_over_jam');

/**
 * The physics forecaster's event inputs (it runs inside, and its path is a feature; training builds
 * the features with all of them, scenarioForecastInputs, so serving must too), and the backend.
 */
export type LearnedOptions = Pick<PhysicsOptions, 'originMs' | 'schedule' | 'arrivals' | 'leaveSpreadS' | 'egress'> & {
  readonly backend?: TfBackend;
  /** Combine the net's p50 with the physics p50 by recent skill (default on; false: the net's alone). */
  readonly skillWeighting?: boolean | SkillOptions;
  /**
   * With skill weighting, persistence (the occupancy now) as a third member at the horizons the
   * event's plan promises no change within (scheduled-quiet.ts); not at all without a plan.
   * Default on (false: the net and the physics only).
   */
  readonly persistence?: boolean;
};

/** The members of the skill weighting: the net's p50, the physics p50 and (optionally) persistence. */
const NET = 0, PHYSICS = 1, PERSISTENCE = 2;

export interface LearnedForecaster extends Forecaster {
  readonly modelVersion: string;
  /**
   * The forecast as flat columns, without the contract's records (what the forecast worker hands
   * out; forecast-columns.ts). Reused: valid until the next call. `forecast()` is these columns' records.
   */
  forecastColumns(ts: EpochMs): ForecastColumns;
  /** Validation WAPE of occupancy at horizons 1..10 min (what the drift monitor compares with). */
  readonly referenceWapeByHorizon: readonly number[];
  /** Frees the weights; the forecaster must not be used afterwards. */
  dispose(): void;
}

export async function createLearnedForecaster(venue: Venue, artifact: LearnedArtifact | unknown, opts: LearnedOptions): Promise<LearnedForecaster> {
  const a = parseLearnedArtifact(artifact);
  if (a.features.length !== FEATURE_COUNT || a.features.some((f, i) => f !== FEATURE_NAMES[i])) {
    throw new CrowdflowError('CF_ERR_CONFIG', `forecast model ${a.name}@${a.version} was trained on other features (${a.features.length}) than this code builds (${FEATURE_COUNT}); retrain it with \`crowdflow train\``);
  }
  const outShape = a.members[0]!.at(-2)!.shape;
  if (a.members[0]![0]!.shape[0] !== FEATURE_COUNT || outShape[1] !== OUTPUT_COUNT) {
    throw new CrowdflowError('CF_ERR_CONFIG', `forecast model ${a.name}@${a.version} maps ${a.members[0]![0]!.shape[0]} inputs to ${outShape[1]} outputs; this code expects ${FEATURE_COUNT} to ${OUTPUT_COUNT}: retrain it with \`crowdflow train\``);
  }
  // Every event input goes to the physics as training gave it (createRunRecorder passes them all):
  // a list of picked fields here once dropped the egress.
  const { backend, skillWeighting, persistence = true, ...physicsOpts } = opts;
  const tf = await loadTf(backend ?? 'wasm');
  const members = a.members.map((weights) => layersFromEncoded(tf, weights));
  const extractor = createFeatureExtractor(venue, physicsOpts);
  const zones = venue.zones;
  const jam = zones.map(jamOccupancy);
  const mean = Float32Array.from(a.norm.mean), invStd = Float32Array.from(a.norm.std, (s) => 1 / s);
  const scale = a.targetScale;
  const name = 'learned';
  // Without a plan nothing is known to stay quiet, so persistence then takes no part.
  const planned = skillWeighting !== false && persistence ? plannedChanges(physicsOpts) : [];
  const changes = planned.length > 0 ? planned : null;
  const skill = skillWeighting === false ? null : new SkillWeights(zones.length, changes ? 3 : 2, skillWeighting === true ? {} : skillWeighting);
  // What is served, not only the artifact: a skill-weighted p50 also depends on the physics inside
  // (semver build identifiers, so the version stays one token in metrics labels and reports).
  const version = skill ? `${a.version}.skill.${PHYSICS_MODEL_NAME}-${PHYSICS_MODEL_REVISION}${changes ? '.persistence' : ''}` : a.version;
  const modelVersion = `${name}@${version}`;
  const dist = new Float64Array(ONSET_CLASSES);
  const w = new Float64Array(3);
  let disposed = false;
  // The output columns, reused call after call (forecastColumns' result is valid until the next call).
  let cols = allocColumns(zones.length);

  const served: LearnedForecaster = {
    name, version, modelVersion, referenceWapeByHorizon: a.metrics.referenceWapeByHorizon,
    observe(states: readonly ZoneState[], ts: EpochMs) {
      extractor.observe(states, ts);
      skill?.score(extractor.occupancy, ts);
    },
    forecast(ts: EpochMs): ZoneForecast[] {
      return forecastsFromColumns(venue, served.forecastColumns(ts));
    },
    forecastColumns(ts: EpochMs): ForecastColumns {
      if (disposed) throw new CrowdflowError('CF_ERR_CONFIG', `forecast model ${modelVersion} was disposed`);
      const frame = extractor.extract(ts);
      const n = frame.zoneIndex.length;
      if (n > cols.zoneIndex.length) cols = allocColumns(Math.max(n, 2 * cols.zoneIndex.length));
      const columns: ForecastColumns = { ts, modelVersion, rows: n, ...cols };
      if (n === 0) return columns;
      const x = frame.x;
      const slope = new Float64Array(n);
      for (let r = 0; r < n; r++) slope[r] = x[r * FEATURE_COUNT + SLOPE]! * jam[frame.zoneIndex[r]!]!;
      for (let i = 0; i < x.length; i++) { const f = i % FEATURE_COUNT; x[i] = (x[i]! - mean[f]!) * invStd[f]!; }
      const out = predictMean(tf, members, x, n, FEATURE_COUNT);
      const kept = skill?.keep(ts) ?? null;
      // Persistence takes part at horizons the plan promises quiet (none while a change is under way).
      const quietMin = changes ? quietSecondsAt(changes, (ts - physicsOpts.originMs) / 1000) / 60 : 0;
      for (let r = 0; r < n; r++) {
        const zi = frame.zoneIndex[r]!;
        const zone = zones[zi]!;
        const J = jam[zi]!;
        const thrOcc = zone.congestionDensity * zone.areaSqm;
        const now = frame.now[r]!;
        const o = r * OUTPUT_COUNT;
        const congested = now >= thrOcc;
        let bandP = 0;
        cols.zoneIndex[r] = zi;
        for (let h = 0; h < H; h++) {
          const phys = frame.physics[r * H + h]!, trend = trendAt(now, slope[r]!, h + 1, J);
          const net = Math.max(0, now + blendWeight(out[o + OUT_PHYSICS + h]!) * (phys - now) + blendWeight(out[o + OUT_TREND + h]!) * (trend - now));
          let p50 = net;
          if (skill) {
            const physP50 = Math.max(0, phys);
            if (kept) {
              kept[skill.slot(zi, h, NET)] = net; kept[skill.slot(zi, h, PHYSICS)] = physP50;
              if (changes) kept[skill.slot(zi, h, PERSISTENCE)] = now;
            }
            skill.weights(zi, h, w, changes && h + 1 <= quietMin ? 3 : 2);
            p50 = w[NET]! * net + w[PHYSICS]! * physP50 + w[PERSISTENCE]! * now;
          }
          const p10 = Math.max(0, p50 - J * scale * softplus(out[o + OUT_LO + h]!));
          const p90 = p50 + J * scale * softplus(out[o + OUT_HI + h]!);
          cols.p10[r * H + h] = p10; cols.p50[r * H + h] = p50; cols.p90[r * H + h] = p90;
          if (congested) { // the band's chance (only needed, and only paid for, when congested now)
            const sigma = (p90 - p10) / (2 * Z90);
            bandP = Math.max(bandP, sigma > 0 ? 1 - normalCdf((thrOcc - p50) / sigma) : p50 >= thrOcc ? 1 : 0);
          }
        }
        let pCongestion: number, eta: number;
        if (congested) {
          pCongestion = bandP; eta = ts;
        } else {
          onsetDistribution(out, r, dist);
          pCongestion = calibrate(a.calibration, 1 - dist[0]!);
          let expected = 0;
          for (let m = 1; m < ONSET_CLASSES; m++) expected += dist[m]! * (m - 0.5);
          eta = pCongestion >= 0.5 && dist[0]! < 1 ? ts + Math.round((expected / (1 - dist[0]!)) * MINUTE_MS) : NaN;
        }
        cols.pCongestion[r] = Math.min(1, Math.max(0, pCongestion));
        cols.etaMs[r] = eta;
      }
      return columns;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const l of members.flat()) { l.w.dispose(); l.b.dispose(); }
    },
  };
  return served;
}
