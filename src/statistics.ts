import type { Distribution } from "./report.js";

/**
 * min / median / p95 / max of the values, which it may reorder: no copy made. Median of an even
 * count is the mean of the middle two; p95 is nearest-rank. The ranks are selected, not sorted
 * for: on the 1 GiB bench log the report's three distributions (726,000 stream lifetimes, 371,000
 * creation gaps, 313,000 idle gaps) took 0.2 s to sort. Callers gather the values without nulls
 * in a Float64Array: gathered as lists of numbers and nulls, then copied without the nulls, they
 * allocated 27 MB there (a sampling heap profile counting collected objects), the lifetimes a
 * heap number each.
 */
export function summarizeValues(kept: Float64Array): Distribution {
  const count = kept.length;
  if (count === 0) return { count: 0, min: null, median: null, p95: null, max: null };
  const middle = Math.floor(count / 2);
  const p95At = Math.max(0, Math.ceil(0.95 * count) - 1);
  const ranked = rank(kept, middle, p95At);
  const median = count % 2 === 1 ? ranked.middle : (ranked.beforeMiddle + ranked.middle) / 2;
  return { count, min: ranked.min, median, p95: ranked.p95, max: ranked.max };
}

interface Ranked {
  readonly min: number;
  /** The value of rank middle - 1 (for an even count's median), and of rank middle. */
  readonly beforeMiddle: number;
  readonly middle: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * The values a sort would put at ranks 0, middle - 1, middle, p95At (≥ middle) and last, reordering
 * `values`. NaN and -0 are where a selection's comparisons and a typed array's sort part ways
 * (the sort puts NaN last and -0 before 0): with either, the values are sorted.
 */
function rank(values: Float64Array, middle: number, p95At: number): Ranked {
  const last = values.length - 1;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i <= last; i++) {
    const value = values[i]!;
    if (value !== value || Object.is(value, -0)) return rankSorted(values.sort(), middle, p95At);
    if (value < min) min = value;
    if (value > max) max = value;
    if (Math.floor(value) !== value) whole = false;
  }
  if (whole && max - min < values.length) return rankCounted(values, min, max, middle, p95At);
  select(values, middle, 0, last);
  // Left of `middle` lie the values of lower rank, right of it those of higher rank.
  let beforeMiddle = -Infinity;
  for (let i = 0; i < middle; i++) if (values[i]! > beforeMiddle) beforeMiddle = values[i]!;
  if (p95At > middle) select(values, p95At, middle + 1, last);
  return { min, beforeMiddle, middle: values[middle]!, p95: values[p95At]!, max };
}

/**
 * As rank, for whole numbers whose range is shorter than their list: each value counted at its
 * distance from the least, the ranks read off the running counts. The bench logs' stream
 * lifetimes (726,000 between 40 and 900 ms) and creation gaps (371,000 of 1 to 1,430 ms) are so:
 * selecting their ranks took 16 and 7 ms at 1 GiB, counting them 2 and 1.
 */
function rankCounted(values: Float64Array, min: number, max: number, middle: number, p95At: number): Ranked {
  const counts = new Int32Array(max - min + 1);
  for (let i = 0; i < values.length; i++) counts[values[i]! - min]!++;
  return rankFromCounts(counts, min, max, middle, p95At);
}

/** The ranks off the running counts of values counted at their distance from `min`. */
function rankFromCounts(counts: Int32Array, min: number, max: number, middle: number, p95At: number): Ranked {
  const ranks = [middle - 1, middle, p95At];
  const found = [-Infinity, 0, 0];
  let r = middle === 0 ? 1 : 0;
  let below = 0;
  for (let d = 0; d < counts.length && r < ranks.length; d++) {
    below += counts[d]!;
    while (r < ranks.length && ranks[r]! < below) found[r++] = min + d;
  }
  return { min, beforeMiddle: found[0]!, middle: found[1]!, p95: found[2]!, max };
}

/**
 * As summarizeValues, of the values `valueAt` reads (null: no value) for 0 to length - 1, read
 * where they are kept rather than gathered first: twice, once to find their range and once to
 * count them, when they are whole numbers of a range shorter than their count (see rankCounted);
 * else gathered into an array of their count. The report's stream lifetimes were gathered into
 * an array as long as the closures, 5.8 MB at 1 GiB (726,000), at the report's start, which had
 * become the run's peak.
 */
export function summarizeRead(length: number, valueAt: (i: number) => number | null): Distribution {
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let countable = true;
  for (let i = 0; i < length; i++) {
    const value = valueAt(i);
    if (value === null) continue;
    count++;
    if (value < min) min = value;
    if (value > max) max = value;
    if (value !== value || Object.is(value, -0) || Math.floor(value) !== value) countable = false;
  }
  if (count === 0 || !countable || !(max - min < count)) {
    const values = new Float64Array(count);
    for (let i = 0, k = 0; i < length; i++) {
      const value = valueAt(i);
      if (value !== null) values[k++] = value;
    }
    return summarizeValues(values);
  }
  const counts = new Int32Array(max - min + 1);
  for (let i = 0; i < length; i++) {
    const value = valueAt(i);
    if (value !== null) counts[value - min]!++;
  }
  const middle = Math.floor(count / 2);
  const ranked = rankFromCounts(counts, min, max, middle, Math.max(0, Math.ceil(0.95 * count) - 1));
  const median = count % 2 === 1 ? ranked.middle : (ranked.beforeMiddle + ranked.middle) / 2;
  return { count, min, median, p95: ranked.p95, max };
}

function rankSorted(sorted: Float64Array, middle: number, p95At: number): Ranked {
  return { min: sorted[0]!, beforeMiddle: sorted[Math.max(0, middle - 1)]!, middle: sorted[middle]!, p95: sorted[p95At]!, max: sorted[sorted.length - 1]! };
}

/**
 * Puts the value of rank k among values[from..to] at k, lower ones before it and higher ones
 * after (Hoare's selection, pivot the middle of three). Values are numbers, neither NaN nor -0.
 * Past a few dozen rounds (an input built against the pivot choice) the range left is sorted.
 */
function select(values: Float64Array, k: number, from: number, to: number) {
  let low = from;
  let high = to;
  for (let rounds = 0; high > low; rounds++) {
    if (rounds > 64) {
      values.subarray(low, high + 1).sort();
      return;
    }
    const pivot = middleOfThree(values[low]!, values[(low + high) >>> 1]!, values[high]!);
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // Now values[low..j] ≤ pivot ≤ values[i..high], and the values between j and i equal it.
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return;
  }
}

function middleOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}
