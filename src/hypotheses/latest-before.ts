import type { RequestTable } from "../timeline/records.js";

/**
 * The latest time logged before a point of the log, of every request and every session's start:
 * no session alive at a loss was used or started later (its uses are requests before the loss, and
 * classify-reinitializations names only sessions started before it), so a loss's time minus this
 * is the least idle time any session it names can have. Asked in log order, it walks each list
 * once. Times can step back in a log: hence the latest, not the last. A NaN time makes every
 * answer NaN, which bounds nothing (every comparison with it is false).
 */
export class LatestBefore {
  private row = 0;
  private latestRequest = -Infinity;
  private session = 0;
  private latestStart = -Infinity;

  constructor(
    private readonly table: RequestTable,
    /** The sessions in the order of their starts (ascending startSeq), or null when `startSeq` is. */
    private readonly order: Int32Array | null,
    private readonly startSeq: Float64Array,
    private readonly startAt: Float64Array,
  ) {}

  /** The latest time of a request before `row` and of a session's start before `seq`; not to be asked for an earlier point than the last ask. */
  timeBefore(row: number, seq: number): number {
    for (; this.row < row; this.row++) this.latestRequest = Math.max(this.latestRequest, this.table.atOf(this.row));
    const { order, startSeq, startAt } = this;
    for (; this.session < startSeq.length; this.session++) {
      const i = order === null ? this.session : order[this.session]!;
      if (!(startSeq[i]! < seq)) break;
      this.latestStart = Math.max(this.latestStart, startAt[i]!);
    }
    return Math.max(this.latestRequest, this.latestStart);
  }
}
