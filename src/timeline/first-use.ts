/**
 * The log position of the first request to carry each session id, by the id's number in the
 * timeline's strings (interner.ts): a typed array read at the number, where a Map by id kept an
 * entry per session for the whole fold and hashed the id at each request. Four bytes a number while
 * every position is below NONE (a log of some 4 billion events), eight after: as a Float64Array
 * always it was 4 MB held through the 1 GiB bench log's reading (375,000 numbers, grown by
 * doubling to 524,288), and 6 MB while it grew. In blocks of BLOCK_ROWS numbers, made where a
 * number lands: one array doubled held up to twice the numbers and copied them at each growth, 8
 * MB allocated over the 2 GiB events log's fold (825,000 numbers) for 4 held at its end.
 */
export class FirstUse {
  private blocks: (Uint32Array | Float64Array | undefined)[] = [];
  /** What stands for "no request yet": NONE while four bytes, NaN once widened. */
  private none = NONE;

  /** A request at `seq` carried the id numbered `code`. */
  note(code: number, seq: number) {
    const block = this.blocks[code >>> BLOCK_BITS] ?? this.made(code >>> BLOCK_BITS);
    const k = code & BLOCK_MASK;
    const held = block[k]!;
    if (held !== this.none && held === held) return;
    if (seq >= NONE && this.none === NONE) {
      this.widen();
      this.blocks[code >>> BLOCK_BITS]![k] = seq;
    } else block[k] = seq;
  }

  /** Where the id numbered `code` was first carried, or undefined when no request carried it yet. */
  of(code: number): number | undefined {
    const block = this.blocks[code >>> BLOCK_BITS];
    if (block === undefined) return undefined;
    const seq = block[code & BLOCK_MASK]!;
    return seq === this.none || seq !== seq ? undefined : seq;
  }

  /** The block at `index`, every number in it none. */
  private made(index: number): Uint32Array | Float64Array {
    while (this.blocks.length < index) this.blocks.push(undefined);
    const block = (this.none === NONE ? new Uint32Array(BLOCK_ROWS) : new Float64Array(BLOCK_ROWS)).fill(this.none);
    this.blocks[index] = block;
    return block;
  }

  /** To eight bytes a number, NaN for none. */
  private widen() {
    this.blocks = this.blocks.map((block) => block && Float64Array.from(block, (seq) => (seq === NONE ? Number.NaN : seq)));
    this.none = Number.NaN;
  }
}

/** The largest Uint32: no request yet, while the positions fit in four bytes. */
const NONE = 0xffffffff;
/** Numbers per block (16 KiB while four bytes). */
const BLOCK_BITS = 12;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;
