/**
 * Which forecaster the runtime serves: the learned model when an artifact is configured, else the
 * physics (cell-transmission) model. Both get the event schedule and arrival curves of the running
 * scenario when there is one (the simulator demo), and none otherwise. Runs inside the forecast
 * worker: reading the artifact and the scenario is file I/O, which the pure stages never do.
 */
import { readFileSync } from 'node:fs';
import { CrowdflowError, type EpochMs } from '../contracts/index.ts';
import { createLearnedForecaster, createPhysicsForecaster, scenarioForecastInputs, type ForecastColumns, type Forecaster, type PhysicsOptions } from '../forecast/index.ts';
import { loadScenarioFile } from '../sim/index.ts';
import type { Venue } from '../venue/index.ts';

export interface ModelChoice {
  /** A learned-model artifact (JSON, models/forecast/*.json); null or absent: physics. */
  readonly artifactFile?: string | null;
  /** The scenario the feed runs (schedule, arrival curves); null or absent: none. */
  readonly scenarioFile?: string | null;
  /** Event time (ms) of the scenario's t = 0. */
  readonly originMs?: number | null;
}

export interface ServedModel {
  readonly forecaster: Forecaster;
  readonly modelVersion: string;
  /** The model's backtest WAPE per horizon 1..10, which the drift monitor compares with; null when it has none. */
  readonly referenceWapeByHorizon: readonly number[] | null;
  /** The forecast as flat columns, when the model has them (the learned model): what the worker hands out. */
  readonly forecastColumns?: (ts: EpochMs) => ForecastColumns;
}

export async function createServedModel(venue: Venue, choice: ModelChoice, nowMs: number): Promise<ServedModel> {
  const opts = scenarioInputs(venue, choice, nowMs);
  if (choice.artifactFile) {
    let artifact: unknown;
    try {
      artifact = JSON.parse(readFileSync(choice.artifactFile, 'utf8'));
    } catch (e) {
      throw new CrowdflowError('CF_ERR_CONFIG', `forecast artifact ${choice.artifactFile}: ${(e as Error).message}`);
    }
    // Validates the artifact (CF_ERR_CONFIG saying what is wrong) and loads the wasm backend.
    const f = await createLearnedForecaster(venue, artifact, opts);
    return { forecaster: f, modelVersion: f.modelVersion, referenceWapeByHorizon: f.referenceWapeByHorizon, forecastColumns: (ts) => f.forecastColumns(ts) };
  }
  const f = createPhysicsForecaster(venue, opts);
  return { forecaster: f, modelVersion: `${f.name}@${f.version}`, referenceWapeByHorizon: null };
}

/** The scenario's stage schedule and arrival curves in the physics model's form. */
export function scenarioInputs(venue: Venue, choice: ModelChoice, nowMs: number): PhysicsOptions {
  const originMs = choice.originMs ?? nowMs;
  if (!choice.scenarioFile) return { originMs };
  return scenarioForecastInputs(loadScenarioFile(choice.scenarioFile, venue), originMs);
}
