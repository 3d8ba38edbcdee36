import { toTrendPoint, type ProviderTrend, type Snapshot, type TrendPoint } from '../../protocol';

/** One second of the night (or one bucket fetched from the server's history) reduced to what the charts and trends plot. */
export type Sample = TrendPoint;
export type ProviderSample = ProviderTrend;

export function toSample(snapshot: Snapshot): Sample {
  return toTrendPoint(snapshot);
}
