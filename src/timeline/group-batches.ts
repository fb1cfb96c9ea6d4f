/**
 * A batch is a maximal run of one client's requests, each within `gapMs` of the previous one.
 * Returns, for each request (in the order given), the index of its batch.
 */
export function groupIntoBatches(times: readonly number[], gapMs: number): number[] {
  const indexes: number[] = [];
  let batch = -1;
  let previous = -Infinity;
  for (const at of times) {
    if (at - previous > gapMs) batch++;
    indexes.push(batch);
    previous = at;
  }
  return indexes;
}
