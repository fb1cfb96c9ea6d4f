import { unwound } from "../grown-column.js";

/**
 * The requests that were or may turn out to be initializes sent without a session id (a response
 * can show one was), as the fold reads them and until the sweep reaches them (ReinitializationSweep):
 * each one's row, its client's position and the client's request before it, as a ring of numbers.
 * Held for the log's whole length, in blocks per client, they were 2.3 MB at 1 GiB (371,000) through
 * the reading; the ring holds those of the lags between the reading and the sweep.
 */
export class CandidateQueue {
  private rows = new Int32Array(1024);
  private clients = new Int32Array(1024);
  private previousRows = new Int32Array(1024);
  private head = 0;
  length = 0;

  push(row: number, client: number, previous: number) {
    if (this.length === this.rows.length) this.grow();
    const i = (this.head + this.length++) & (this.rows.length - 1);
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

  /** Drops the first; only when not empty. */
  shift() {
    this.head = (this.head + 1) & (this.rows.length - 1);
    this.length--;
  }

  /** Twice the room, the waiting ones moved to its start in order. */
  private grow() {
    this.rows = unwound(this.rows, this.head);
    this.clients = unwound(this.clients, this.head);
    this.previousRows = unwound(this.previousRows, this.head);
    this.head = 0;
  }
}
