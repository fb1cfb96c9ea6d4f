/**
 * The log position of the first request to carry each session id, by the id's number in the
 * timeline's strings (interner.ts): a typed array read at the number, where a Map by id kept an
 * entry per session for the whole fold and hashed the id at each request. Four bytes a number while
 * every position is below NONE (a log of some 4 billion events), eight after: as a Float64Array
 * always it was 4 MB held through the 1 GiB bench log's reading (375,000 numbers, grown by
 * doubling to 524,288), and 6 MB while it grew.
 */
export class FirstUse {
  private seqs: Uint32Array | Float64Array = new Uint32Array(4096).fill(NONE);
  /** What stands for "no request yet": NONE while four bytes, NaN once widened. */
  private none = NONE;

  /** A request at `seq` carried the id numbered `code`. */
  note(code: number, seq: number) {
    if (code >= this.seqs.length) this.seqs = this.grown(Math.max(code + 1, this.seqs.length * 2));
    if (this.of(code) !== undefined) return;
    if (seq >= NONE && this.seqs instanceof Uint32Array) this.widen();
    this.seqs[code] = seq;
  }

  /** Where the id numbered `code` was first carried, or undefined when no request carried it yet. */
  of(code: number): number | undefined {
    if (code >= this.seqs.length) return undefined;
    const seq = this.seqs[code]!;
    return seq === this.none || seq !== seq ? undefined : seq;
  }

  private grown(length: number): Uint32Array | Float64Array {
    const grown = this.seqs instanceof Uint32Array ? new Uint32Array(length) : new Float64Array(length);
    grown.fill(this.none, this.seqs.length);
    grown.set(this.seqs);
    return grown;
  }

  /** To eight bytes a number, NaN for none. */
  private widen() {
    const wide = new Float64Array(this.seqs.length);
    for (let i = 0; i < wide.length; i++) wide[i] = this.seqs[i] === NONE ? Number.NaN : this.seqs[i]!;
    this.seqs = wide;
    this.none = Number.NaN;
  }
}

/** The largest Uint32: no request yet, while the positions fit in four bytes. */
const NONE = 0xffffffff;
