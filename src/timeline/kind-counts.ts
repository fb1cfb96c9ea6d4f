import type { ReinitializeKind } from "./model.js";

const KINDS: readonly ReinitializeKind[] = ["first", "after-restart", "after-not-found", "after-end", "loss"];

/** A loss's number: LOSS plus how many sessions were alive; any other kind's is its position in KINDS. */
const LOSS = KINDS.indexOf("loss");

/**
 * Each re-initialize's kind and, for a loss, how many sessions were alive, in one number: two bytes
 * while every count fits (at 1 GiB at most 861, a quarter of them past 255), then four. A byte of
 * the kind and two of the count, with a byte of how many it names (derived from the count but in a
 * filtered list), were 1.1 MB at 1 GiB (371,000 re-initializes); 0.7 here.
 */
export class KindCounts {
  constructor(
    /** Moved where they are (ClassifiedColumns.done); else written only through set* and copy. */
    public values: Uint16Array | Int32Array,
  ) {}

  static ofLength(n: number): KindCounts {
    return new KindCounts(new Uint16Array(n));
  }

  setLoss(i: number, aliveCount: number) {
    this.put(i, LOSS + aliveCount);
  }

  setKind(i: number, kind: Exclude<ReinitializeKind, "loss">) {
    this.values[i] = KINDS.indexOf(kind);
  }

  /** The ith of `from`, with `aliveCount` for a loss. */
  copy(i: number, from: KindCounts, j: number, aliveCount: number) {
    this.put(i, from.isLossAt(j) ? LOSS + aliveCount : from.values[j]!);
  }

  private put(i: number, value: number) {
    this.values[i] = value;
    if (this.values[i] !== value) {
      this.values = Int32Array.from(this.values);
      this.values[i] = value;
    }
  }

  get length(): number {
    return this.values.length;
  }

  kindAt(i: number): ReinitializeKind {
    const value = this.values[i]!;
    return value >= LOSS ? "loss" : KINDS[value]!;
  }

  isLossAt(i: number): boolean {
    return this.values[i]! >= LOSS;
  }

  /** How many sessions were alive (none unless a loss). */
  aliveCountAt(i: number): number {
    const value = this.values[i]!;
    return value >= LOSS ? value - LOSS : 0;
  }
}
