import { withRoomFor } from "../grown-column.js";

/**
 * Rows of lists side by side, each list's increasing (every client's requests: ClientLists), as
 * distances in a Uint16Array from the least row of their group of GROUP_ROWS places, the least in
 * an Int32Array. A group whose rows spread over 65,536 or more keeps them in an Int32Array of its
 * own places (its base then -1 less its number there). At 1 GiB a client's requests lie 256 rows
 * or more apart one time in four, 65,536 or more one in 260: of the 251,000 groups of eight, 9%
 * are wide, and the 2.0M rows take 5.8 MB where an Int32Array took 8.0 (made for a filtered
 * timeline, and kept with it). Reading a row is two reads where it was
 * one; groups of 16 were wide four times in ten.
 */
export class PackedRows {
  private readonly bases: Int32Array;
  private readonly distances: Uint16Array;
  /** The wide groups' rows, GROUP_ROWS a group. */
  private wide = new Int32Array(GROUP_ROWS * 64);
  private wideCount = 0;

  constructor(length: number) {
    this.bases = new Int32Array(Math.ceil(length / GROUP_ROWS)).fill(UNSET);
    this.distances = new Uint16Array(length);
  }

  /**
   * Puts `row` (0 or more) at `place`. The rows come in increasing order, wherever their places:
   * a group's first is its least, its base.
   */
  put(place: number, row: number) {
    const group = place >>> GROUP_BITS;
    const base = this.bases[group]!;
    if (base === UNSET) {
      this.bases[group] = row;
    } else if (base >= 0 && row - base <= MAX_DISTANCE) {
      this.distances[place] = row - base;
    } else {
      // Widened first: widen may grow `wide`, which the write must then be into.
      const number = base >= 0 ? this.widen(group, base) : -1 - base;
      this.wide[number * GROUP_ROWS + (place & (GROUP_ROWS - 1))] = row;
    }
  }

  /** Moves the group's rows so far (and the distance 0 of its places not yet put) to a wide group of its own; its number there. */
  private widen(group: number, base: number): number {
    const number = this.wideCount++;
    if ((number + 1) * GROUP_ROWS > this.wide.length) this.wide = withRoomFor(this.wide, (number + 1) * GROUP_ROWS - 1);
    const first = group * GROUP_ROWS;
    for (let i = 0; i < GROUP_ROWS && first + i < this.distances.length; i++) this.wide[number * GROUP_ROWS + i] = base + this.distances[first + i]!;
    this.bases[group] = -1 - number;
    return number;
  }

  /** Once every place is put: the wide groups' room to spare let go. */
  trim(): this {
    this.wide = this.wide.slice(0, this.wideCount * GROUP_ROWS);
    return this;
  }

  /** How many places. */
  get length(): number {
    return this.distances.length;
  }

  /** Bytes held, once trimmed. */
  get byteLength(): number {
    return this.bases.byteLength + this.distances.byteLength + this.wide.byteLength;
  }

  /** The rows in an Int32Array. */
  toInt32Array(): Int32Array {
    return Int32Array.from({ length: this.distances.length }, (_, place) => this.get(place));
  }

  get(place: number): number {
    const base = this.bases[place >>> GROUP_BITS]!;
    return base >= 0 ? base + this.distances[place]! : this.wide[(-1 - base) * GROUP_ROWS + (place & (GROUP_ROWS - 1))]!;
  }
}

const GROUP_BITS = 3;
const GROUP_ROWS = 1 << GROUP_BITS;
const MAX_DISTANCE = 0xffff;
/** A group's base before its first row is put (a wide group's is -1 - its number, far above). */
const UNSET = -0x80000000;
