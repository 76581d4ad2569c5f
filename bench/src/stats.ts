// The median and spread of a set of timings (share-ready loads), the figures the report prints.

export interface Summary {
  n: number;
  median: number;
  /** The 25th and 75th percentiles: half of the values lie between them. */
  p25: number;
  p75: number;
  min: number;
  max: number;
}

/** The q-quantile (0..1) of sorted values, interpolated between the two nearest ranks (as R's type 7, numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const rank = (sorted.length - 1) * q;
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (above - below) * (rank - Math.floor(rank));
}

/** Median, quartiles and range of `values`; undefined when there are none (nothing to summarize is not a zero). */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
