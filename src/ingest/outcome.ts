/** What a sender is told about one message: how many readings were taken, and which were not and why. */
import type { ErrorCode } from '../contracts/index.ts';

export interface Rejection {
  /** Position of the reading in the message (0 for a single reading). */
  readonly index: number;
  readonly id: string | null;
  readonly code: ErrorCode;
  readonly reason: string;
}

export interface IngestOutcome {
  readonly accepted: number;
  /** Readings whose id was already in the log (a retry or a replay): acknowledged, not counted again. */
  readonly duplicates: number;
  readonly rejected: Rejection[];
}
