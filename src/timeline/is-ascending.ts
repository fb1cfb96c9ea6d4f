import { orderBySeq } from "./sort-by-seq.js";

/**
 * Whether each value is at least the one before: a stable sort by value (orderBySeq) would leave
 * them as they are. The timeline lists sessions in the order they were first seen, which is their
 * start's order and mostly their creation's: the passes that want them so check, and make no sort's
 * keys and order (12 bytes a session, 4.5 MB at 1 GiB's 371,000 sessions, each).
 */
export function isAscending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i]! >= values[i - 1]!)) return false;
  return true;
}

/** The order orderBySeq gives `values`, or null where that is their own (isAscending): no order is made then. */
export function orderUnlessAscending(values: Float64Array): Int32Array | null {
  return isAscending(values) ? null : orderBySeq(values.length, (i) => values[i]!);
}
