import { unwound } from "../grown-column.js";
import { ColumnRing, RING_CAPACITY } from "./column-ring.js";

/**
 * The requests that were or may turn out to be initializes sent without a session id (a response
 * can show one was), as the fold reads them and until the sweep reaches them (ReinitializationSweep):
 * each one's row, its client's position and the client's request before it, as a ring of numbers.
 * Held for the log's whole length, in blocks per client, they were 2.3 MB at 1 GiB (371,000) through
 * the reading; the ring holds those of the lags between the reading and the sweep.
 */
export class CandidateQueue extends ColumnRing {
  private rows = new Int32Array(RING_CAPACITY);
  private clients = new Int32Array(RING_CAPACITY);
  private previousRows = new Int32Array(RING_CAPACITY);

  push(row: number, client: number, previous: number) {
    const i = this.pushed();
    this.rows[i] = row;
    this.clients[i] = client;
    this.previousRows[i] = previous;
  }

  /** The first one's row; only when not empty. */
  row(): number {
    return this.rows[this.head]!;
  }

  client(): number {
    return this.clients[this.head]!;
  }

  previous(): number {
    return this.previousRows[this.head]!;
  }

  protected unwind(head: number) {
    this.rows = unwound(this.rows, head);
    this.clients = unwound(this.clients, head);
    this.previousRows = unwound(this.previousRows, head);
  }
}
