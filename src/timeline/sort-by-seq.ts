/**
 * `items` in the order of a log position or a time in ms (`seqOf`), equal ones in their given
 * order (see orderBySeq).
 */
export function sortBySeq<T>(items: readonly T[], seqOf: (item: T) => number): T[] {
  const order = orderBySeq(items.length, (i) => seqOf(items[i]!));
  const sorted = new Array<T>(order.length);
  for (let k = 0; k < order.length; k++) sorted[k] = items[order[k]!]!;
  return sorted;
}

/**
 * The positions 0 to n - 1 in the order of `seqOf(position)`, equal ones in their own order. Each
 * key goes into a Float64Array as `(seq - least) * n + position` and is sorted as a plain number:
 * a comparator that follows a pointer per comparison made the sort of a 1 GiB log's 371,000
 * re-initializes take almost a second. Subtracting the least key keeps epoch milliseconds exact
 * too. Falls back to the comparator when the keys would pass 2^53, where doubles stop being exact.
 * The positions come in an Int32Array, outside the heap: an array of them and its sorted copy were
 * two arrays of pointers per sort, 6 MB of the old generation per sort of 371,000 sessions at
 * 1 GiB, where the report's tail sorts them four times.
 */
export function orderBySeq(n: number, seqOf: (position: number) => number): Int32Array {
  const keys = new Float64Array(n);
  const order = new Int32Array(n);
  let least = Infinity;
  // Lists in log order already (a client's sessions by start, mostly) need no sort.
  let inOrder = true;
  for (let i = 0; i < n; i++) {
    const seq = seqOf(i);
    keys[i] = seq;
    order[i] = i;
    if (seq < least) least = seq;
    if (i > 0 && !(seq >= keys[i - 1]!)) inOrder = false;
  }
  if (inOrder) return order;
  let exact = true;
  for (let i = 0; i < n; i++) {
    const offset = keys[i]! - least;
    keys[i] = offset * n + i;
    if (!(Number.isInteger(offset) && keys[i]! < Number.MAX_SAFE_INTEGER)) exact = false;
  }
  // Equal keys (NaN from Infinity - Infinity included) fall back on their positions: a stable sort's order.
  if (!exact) return order.sort((a, b) => seqOf(a) - seqOf(b) || a - b);
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
  return order;
}

/**
 * The positions 0 to n - 1 of `rows` (n distinct rows, none negative) in the order of their row:
 * a least-significant-digit radix sort, 11 bits a pass (two passes up to 4M rows). The timeline's
 * re-initializes (371,000 at 1 GiB) were ordered by orderBySeq, whose keys.sort() and the keys'
 * making and reading back were 60-70 ms of the fold's end, which runs once reading is done.
 */
export function orderByRow(rows: Int32Array): Int32Array {
  const n = rows.length;
  let order = new Int32Array(n);
  let most = 0;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (rows[i]! > most) most = rows[i]!;
  }
  let other = new Int32Array(n);
  const counts = new Int32Array(RADIX + 1);
  for (let shift = 0; shift < 32 && (shift === 0 || most >>> shift > 0); shift += RADIX_BITS) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[((rows[order[k]!]! >>> shift) & RADIX_MASK) + 1]!++;
    for (let d = 0; d < RADIX; d++) counts[d + 1]! += counts[d]!;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      other[counts[(rows[i]! >>> shift) & RADIX_MASK]!++] = i;
    }
    [order, other] = [other, order];
  }
  return order;
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
