import type { InitializeCandidates } from "./classify-reinitializations.js";
import { withRoomFor } from "./grown-column.js";

/**
 * The initializes sent without a session id (InitializeCandidates), noted in log order as pairs of
 * the client's position and the request's position in the client's requests, and put in a list
 * per client once the log is read. Pushed onto a list per client as they came, each one read the
 * client's object, its list and the list's elements, three cache misses at 1 GiB where the reading
 * thread's bytes keep pushing 28,000 clients' objects out of the caches: the push was 132 ms of
 * the main thread (node --cpu-prof, the line's own ticks in addRequest).
 */
export class CandidateLog {
  private clients = new Int32Array(4096);
  private positions = new Int32Array(4096);
  private count = 0;

  note(client: number, position: number) {
    const k = this.count++;
    if (k === this.clients.length) {
      this.clients = withRoomFor(this.clients, k);
      this.positions = withRoomFor(this.positions, k);
    }
    this.clients[k] = client;
    this.positions[k] = position;
  }

  /**
   * The positions noted for each of `clientCount` clients, in the order noted, every client's side
   * by side; once, as the log's end lets its own columns go.
   */
  byClient(clientCount: number): InitializeCandidates {
    const { clients, count } = this;
    const from = new Int32Array(clientCount + 1);
    for (let k = 0; k < count; k++) from[clients[k]! + 1]!++;
    for (let c = 0; c < clientCount; c++) from[c + 1]! += from[c]!;
    const positions = new Int32Array(count);
    const ranks = new Int32Array(count);
    // Each client's start is its next free place while the positions are put, which leaves it at
    // the next client's start: moved back up by one after (as groupRowsBySession does).
    for (let k = 0; k < count; k++) {
      const at = from[clients[k]!]!++;
      positions[at] = this.positions[k]!;
      ranks[at] = k;
    }
    from.copyWithin(1, 0, clientCount);
    from[0] = 0;
    this.clients = this.positions = new Int32Array(0);
    this.count = 0;
    return { from, positions, ranks };
  }
}
