/**
 * Streaming replay of recorded readings through the runtime's stream processor (pure: no files,
 * no clock). The backtest and the learned model's training read zone states through this one
 * path, so what a model learns from is what it is scored on and what the runtime serves.
 *
 * Timing: a recording holds readings in arrival order but not their arrival times, so a reading
 * is taken to arrive at the newest event time seen so far (never before its own `ts`). The
 * processor ticks once per whole second of that arrival clock; readings that arrived within a
 * second are processed as one batch before the tick, as the runtime's drain does. Readings are
 * consumed one at a time and not kept: memory does not grow with the recording's length.
 */
import { asEpochMs, CrowdflowError, type EpochMs, type LoggedReading, type SensorReading, type ZoneState } from '../../contracts/index.ts';
import { createStreamProcessor, type StreamConfig, type StreamProcessor } from '../../stream/index.ts';
import type { Venue } from '../../venue/index.ts';

/** Called once per second of event time with every zone's state. */
export type ReplayTick = (states: readonly ZoneState[], ts: EpochMs) => void;

export interface ReplayOptions {
  /** Whole-second event time the clock starts at (first tick at startMs + 1 s); default: the first reading's ts, floored to the second. */
  readonly startMs?: number;
  /** Stream processor settings (default: the runtime's). */
  readonly stream?: Partial<StreamConfig>;
}

export interface ReplaySummary {
  /** Readings pushed. */
  readonly readings: number;
  /** The clock's start (null when no reading came). */
  readonly startMs: number | null;
  /** Time of the last tick (null when none). */
  readonly endMs: number | null;
  readonly ticks: number;
  /** Event-time range of the readings. */
  readonly minTs: number | null;
  readonly maxTs: number | null;
  /** The processor's counters (processed, duplicates, late, ...). */
  readonly stats: Readonly<Record<string, number>>;
}

export interface Replay {
  /** The next reading in arrival order; ticks the clock up to its arrival first. */
  push(reading: SensorReading): void;
  /** Processes what is left, ticks one second past the newest event time, and summarises. Further pushes are refused. */
  finish(): ReplaySummary;
}

export function createReplay(venue: Venue, onTick: ReplayTick, opts: ReplayOptions = {}): Replay {
  if (opts.startMs !== undefined && opts.startMs % 1000 !== 0) {
    throw new CrowdflowError('CF_ERR_RANGE', `\`startMs\` ${opts.startMs} is not a whole second`);
  }
  const stream: StreamProcessor = createStreamProcessor(venue, opts.stream ?? {});
  let clockMs = opts.startMs ?? NaN; // last whole second ticked (or the start)
  let arrivalMs = -Infinity;
  let minTs = Infinity, maxTs = -Infinity;
  let count = 0, ticks = 0;
  let batch: LoggedReading[] = [];
  let finished = false;

  const tickUpTo = (untilMs: number): void => {
    while (clockMs + 1000 <= untilMs) {
      if (batch.length > 0) { stream.processBatch(batch); batch = []; }
      clockMs += 1000;
      ticks++;
      const ts = asEpochMs(clockMs);
      onTick(stream.tick(ts), ts);
    }
  };

  return {
    push(reading) {
      if (finished) throw new CrowdflowError('CF_ERR_CONFLICT', 'replay: a reading pushed after finish() (expected none)');
      if (Number.isNaN(clockMs)) clockMs = Math.floor(reading.ts / 1000) * 1000;
      minTs = Math.min(minTs, reading.ts);
      maxTs = Math.max(maxTs, reading.ts);
      arrivalMs = Math.max(arrivalMs, reading.ts);
      tickUpTo(arrivalMs);
      batch.push({ offset: count++, receivedAt: asEpochMs(arrivalMs), reading });
    },
    finish() {
      if (!finished && count > 0) tickUpTo(Math.ceil(arrivalMs / 1000) * 1000 + 1000);
      finished = true;
      return {
        readings: count,
        startMs: count > 0 ? clockMs - ticks * 1000 : null,
        endMs: ticks > 0 ? clockMs : null,
        ticks,
        minTs: count > 0 ? minTs : null,
        maxTs: count > 0 ? maxTs : null,
        stats: { ...stream.stats },
      };
    },
  };
}

/** Replays readings (a sync or async iterable, e.g. a file read line by line) and calls `onTick` every second. */
export async function replayStates(
  venue: Venue,
  readings: Iterable<SensorReading> | AsyncIterable<SensorReading>,
  onTick: ReplayTick,
  opts: ReplayOptions = {},
): Promise<ReplaySummary> {
  const replay = createReplay(venue, onTick, opts);
  for await (const r of readings) replay.push(r);
  return replay.finish();
}

/** The same, synchronously, for readings already in memory. */
export function replayStatesSync(venue: Venue, readings: Iterable<SensorReading>, onTick: ReplayTick, opts: ReplayOptions = {}): ReplaySummary {
  const replay = createReplay(venue, onTick, opts);
  for (const r of readings) replay.push(r);
  return replay.finish();
}
