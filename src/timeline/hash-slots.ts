/**
 * The slots of the fold's open-addressing tables (rows-by-id.ts, clients-by-source.ts; the
 * Interner's are one Int32 each, see interner.ts): slot i holds an entry plus one (0 for empty) at
 * 2i and the entry's hash at 2i + 1, probed one slot after another from `hash & mask`. What each
 * table keeps beside its slots (its strings) is its own.
 */

/**
 * `old`'s entries placed in a new table of `mask + 1` slots, each at the first empty slot from its
 * hash; `moved(from, to)` carries what the table keeps beside a slot to the entry's new slot.
 */
export function rehashSlots(old: Int32Array, mask: number, moved?: (from: number, to: number) => void): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(2 * (mask + 1));
  for (let j = 0; 2 * j < old.length; j++) {
    if (old[2 * j] === 0) continue;
    const hash = old[2 * j + 1]!;
    let i = hash & mask;
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = old[2 * j]!;
    slots[2 * i + 1] = hash;
    moved?.(j, i);
  }
  return slots;
}
