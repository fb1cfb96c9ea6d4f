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

  /** The positions noted for each of `clientCount` clients, in the order noted. */
  byClient(clientCount: number): number[][] {
    const lists = Array.from({ length: clientCount }, () => [] as number[]);
    for (let k = 0; k < this.count; k++) lists[this.clients[k]!]!.push(this.positions[k]!);
    return lists;
  }
}
