/**
 * The log position of the first request to carry each session id, by the id's number in the
 * timeline's strings (interner.ts): a typed array read at the number, where a Map by id kept an
 * entry per session for the whole fold and hashed the id at each request.
 */
export class FirstUse {
  private seqs = new Float64Array(4096).fill(Number.NaN);

  /** A request at `seq` carried the id numbered `code`. */
  note(code: number, seq: number) {
    if (code >= this.seqs.length) {
      const grown = new Float64Array(Math.max(code + 1, this.seqs.length * 2)).fill(Number.NaN);
      grown.set(this.seqs);
      this.seqs = grown;
    }
    if (Number.isNaN(this.seqs[code]!)) this.seqs[code] = seq;
  }

  /** Where the id numbered `code` was first carried, or undefined when no request carried it yet. */
  of(code: number): number | undefined {
    const seq = code < this.seqs.length ? this.seqs[code]! : Number.NaN;
    return Number.isNaN(seq) ? undefined : seq;
  }
}
