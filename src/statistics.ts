import type { Distribution } from "./report.js";

/** min / median / p95 / max. Median of an even count is the mean of the middle two; p95 is nearest-rank. */
export function summarizeDistribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, min: null, median: null, p95: null, max: null };
  // A typed array sorts as numbers without a comparator call per comparison.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { count: sorted.length, min: sorted[0]!, median, p95, max: sorted[sorted.length - 1]! };
}
