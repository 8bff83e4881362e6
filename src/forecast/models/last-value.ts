/** Last value (persistence): the occupancy now, at every horizon. The strong baseline at short horizons. */
import type { Venue } from '../../venue/index.ts';
import { MAX_HORIZON_MIN, type Forecaster } from '../forecaster.ts';
import { HistoryForecaster } from './history-model.ts';

export function createLastValueForecaster(venue: Venue): Forecaster {
  return new HistoryForecaster(venue, 'last-value', '1', ({ now }) => new Array<number>(MAX_HORIZON_MIN).fill(now));
}
