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
 * The positions 0 to n - 1 in the order of `seqOf(position)`, equal ones in their own order. Keys
 * that are whole numbers within 2^32 of the least (log positions, a day of epoch milliseconds) are
 * ordered by a radix sort of their distance from the least (see radixOrder): the narration's two
 * sorts of 371,000 session lines at 1 GiB (it sorts none now: session-lines.ts) took some 100 ms
 * as a Float64Array's sort, which is what other keys still get, each as `(seq - least) * n +
 * position`, sorted as a plain number: a comparator that follows a pointer per comparison made the
 * sort of a 1 GiB log's 371,000 re-initializes take almost a second. Subtracting the least key
 * keeps epoch milliseconds exact too. Falls back to the comparator when the keys would pass 2^53,
 * where doubles stop being exact.
 * The positions come in an Int32Array, outside the heap: an array of them and its sorted copy were
 * two arrays of pointers per sort, 6 MB of the old generation per sort of 371,000 sessions at
 * 1 GiB, where the report's tail sorts them four times.
 */
export function orderBySeq(n: number, seqOf: (position: number) => number): Int32Array {
  // A first pass finds the range and whether the keys are in order, keeping nothing: the radix
  // sort reads the keys again as its offsets, so a Float64Array of them and an order to return
  // as it is were 12 bytes a key made for nothing there, 4.3 MB a sort of the 358,000 session ends
  // the classification orders at 1 GiB, which is the fold's end and its glibc heap's high mark.
  let least = Infinity;
  let most = -Infinity;
  // Lists in log order already (a client's sessions by start, mostly) need no sort.
  let inOrder = true;
  let before = -Infinity;
  for (let i = 0; i < n; i++) {
    const seq = seqOf(i);
    if (seq < least) least = seq;
    if (seq > most) most = seq;
    if (i > 0 && !(seq >= before)) inOrder = false;
    before = seq;
  }
  if (inOrder) return identity(n);
  if (n >= RADIX_MIN && most - least <= 0xffffffff) {
    const offsets = new Uint32Array(n);
    let whole = true;
    for (let i = 0; i < n; i++) {
      const offset = seqOf(i) - least;
      offsets[i] = offset;
      if (!Number.isInteger(offset)) whole = false;
    }
    if (whole) return radixOrder(offsets, most - least);
  }
  const keys = new Float64Array(n);
  let exact = true;
  for (let i = 0; i < n; i++) {
    const offset = seqOf(i) - least;
    keys[i] = offset * n + i;
    if (!(Number.isInteger(offset) && keys[i]! < Number.MAX_SAFE_INTEGER)) exact = false;
  }
  const order = identity(n);
  // Equal keys (NaN from Infinity - Infinity included) fall back on their positions: a stable sort's order.
  if (!exact) return order.sort((a, b) => seqOf(a) - seqOf(b) || a - b);
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
  return order;
}

/** The positions 0 to n - 1 in their own order. */
function identity(n: number): Int32Array<ArrayBuffer> {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Below this many keys, a radix sort's tables of counts cost more than the sort they spare. */
const RADIX_MIN = 1024;

/**
 * The positions 0 to n - 1 of `keys` (none negative, none above `most`) in the order of their key,
 * equal ones in their own order: a least-significant-digit radix sort, 11 bits a pass (two passes
 * up to 4M, three up to 2^32).
 */
function radixOrder(keys: Int32Array | Uint32Array, most: number): Int32Array {
  const n = keys.length;
  let order = identity(n);
  let other = new Int32Array(n);
  const counts = new Int32Array(RADIX + 1);
  for (let shift = 0; shift < 32 && (shift === 0 || most / 2 ** shift >= 1); shift += RADIX_BITS) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[((keys[order[k]!]! >>> shift) & RADIX_MASK) + 1]!++;
    for (let d = 0; d < RADIX; d++) counts[d + 1]! += counts[d]!;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      other[counts[(keys[i]! >>> shift) & RADIX_MASK]!++] = i;
    }
    [order, other] = [other, order];
  }
  return order;
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
