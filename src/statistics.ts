import type { Distribution } from "./report.js";

/**
 * min / median / p95 / max of the values that are not null. Median of an even count is the mean of
 * the middle two; p95 is nearest-rank. Nulls are skipped here so callers need no filtered copy.
 */
export function summarizeDistribution(values: ArrayLike<number | null>): Distribution {
  // A typed array sorts as numbers without a comparator call per comparison.
  const sorted = withoutNulls(values).sort();
  if (sorted.length === 0) return { count: 0, min: null, median: null, p95: null, max: null };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { count: sorted.length, min: sorted[0]!, median, p95, max: sorted[sorted.length - 1]! };
}

function withoutNulls(values: ArrayLike<number | null>): Float64Array {
  const kept = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number | null;
    if (value !== null) kept[count++] = value;
  }
  return count === kept.length ? kept : kept.slice(0, count);
}
