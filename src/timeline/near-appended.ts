import { Uint16Blocks } from "./blocked-column.js";
import { withRoomFor } from "../grown-column.js";

/**
 * Non-negative integers (as an Int32Array holds them) appended one by one that mostly grow slowly:
 * the re-initializes' rows, in log order. Each as its distance from the first of its stretch of
 * NEAR_STRETCH values, in two bytes; a stretch with a value below its first, or 65,536 or more past
 * it, is kept aside whole, its base WIDE. NearInts keeps such numbers so too, but from a column
 * written whole: made at the fold's end from the rows' Int32 blocks, it left those as a hole under
 * the report's arrays (classified-columns.ts); this one is written narrow as the sweep goes. At
 * 1 GiB 256 of the re-initializes' rows span at most 1,571 (371,304 rows, none kept aside): 0.7 MB
 * where an Int32Blocks took 1.4.
 */
export class NearAppended {
  private readonly distances = new Uint16Blocks();
  /** By stretch: its first value, or WIDE. None before the first value: a list with none holds no bytes. */
  private bases = new Int32Array(0);
  /** The stretches kept aside, by their number. */
  private readonly wide = new Map<number, Int32Array>();

  get length(): number {
    return this.distances.length;
  }

  get(i: number): number {
    const base = this.bases[i >>> NEAR_STRETCH_BITS]!;
    return base !== WIDE ? base + this.distances.get(i) : this.wide.get(i >>> NEAR_STRETCH_BITS)![i & NEAR_STRETCH_MASK]!;
  }

  /** `value`: an integer from 0 to 2^31 - 1. */
  push(value: number) {
    const i = this.distances.length;
    const stretch = i >>> NEAR_STRETCH_BITS;
    if ((i & NEAR_STRETCH_MASK) === 0) {
      if (stretch === this.bases.length) this.bases = withRoomFor(this.bases, stretch);
      this.bases[stretch] = value;
    }
    const base = this.bases[stretch]!;
    const distance = value - base;
    this.distances.push(distance >= 0 && distance <= 0xffff ? distance : 0);
    if (base === WIDE) this.wide.get(stretch)![i & NEAR_STRETCH_MASK] = value;
    else if (!(distance >= 0 && distance <= 0xffff)) this.keepAside(stretch, i, value);
  }

  /** Once no more are appended: the last blocks cut to their length. */
  seal() {
    this.distances.seal();
    this.bases = this.bases.slice(0, (this.distances.length + NEAR_STRETCH_MASK) >>> NEAR_STRETCH_BITS);
  }

  /** The stretch's values so far, and `value` at `i`, kept aside. */
  private keepAside(stretch: number, i: number, value: number) {
    const from = stretch << NEAR_STRETCH_BITS;
    const values = new Int32Array(NEAR_STRETCH);
    for (let k = from; k < i; k++) values[k - from] = this.get(k);
    values[i - from] = value;
    this.bases[stretch] = WIDE;
    this.wide.set(stretch, values);
  }
}

const NEAR_STRETCH_BITS = 8;
const NEAR_STRETCH = 1 << NEAR_STRETCH_BITS;
const NEAR_STRETCH_MASK = NEAR_STRETCH - 1;
/** A stretch's base when kept aside: no value its first may be (values are non-negative). */
const WIDE = -1;
