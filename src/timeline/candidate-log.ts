import type { InitializeCandidates } from "./classify-reinitializations.js";

/**
 * The initializes sent without a session id (InitializeCandidates), noted in log order as pairs of
 * the client's position and the request's position in the client's requests, and put in a list
 * per client once the log is read. Pushed onto a list per client as they came, each one read the
 * client's object, its list and the list's elements, three cache misses at 1 GiB where the reading
 * thread's bytes keep pushing 28,000 clients' objects out of the caches: the push was 132 ms of
 * the main thread (node --cpu-prof, the line's own ticks in addRequest).
 *
 * Held while the log is read, which is where the run's peak mostly is: in blocks, not columns
 * grown by doubling (room for 524,288 of each where 371,000 were noted at 1 GiB, and the copies
 * left behind as they grew), the clients' positions in two bytes while they fit (28,000 clients
 * at 1 GiB): 4.2 MB were 2.3.
 */
export class CandidateLog {
  private readonly clientBlocks: (Uint16Array | Int32Array)[] = [];
  private readonly positionBlocks: Int32Array[] = [];
  /** Whether a client past two bytes' reach was noted: its block and the later ones have four. */
  private wideClients = false;
  private count = 0;

  note(client: number, position: number) {
    const slot = this.count & CANDIDATE_BLOCK_MASK;
    if (slot === 0) {
      this.clientBlocks.push(this.wideClients ? new Int32Array(CANDIDATE_BLOCK) : new Uint16Array(CANDIDATE_BLOCK));
      this.positionBlocks.push(new Int32Array(CANDIDATE_BLOCK));
    }
    const b = this.clientBlocks.length - 1;
    let clients = this.clientBlocks[b]!;
    clients[slot] = client;
    if (clients[slot] !== client) {
      this.wideClients = true;
      this.clientBlocks[b] = clients = Int32Array.from(clients);
      clients[slot] = client;
    }
    this.positionBlocks[b]![slot] = position;
    this.count++;
  }

  /**
   * The positions noted for each of `clientCount` clients, in the order noted, every client's side
   * by side, with each one's place among all in that order; once, as the log's end lets its own
   * blocks go.
   */
  byClient(clientCount: number): InitializeCandidates {
    const { clientBlocks, positionBlocks, count } = this;
    const from = new Int32Array(clientCount + 1);
    for (let k = 0; k < count; k++) from[clientBlocks[k >>> CANDIDATE_BLOCK_BITS]![k & CANDIDATE_BLOCK_MASK]! + 1]!++;
    for (let c = 0; c < clientCount; c++) from[c + 1]! += from[c]!;
    const positions = new Int32Array(count);
    const ranks = new Int32Array(count);
    // Each client's start is its next free place while the positions are put, which leaves it at
    // the next client's start: moved back up by one after (as groupRowsBySession does).
    for (let k = 0; k < count; k++) {
      const b = k >>> CANDIDATE_BLOCK_BITS;
      const slot = k & CANDIDATE_BLOCK_MASK;
      const at = from[clientBlocks[b]![slot]!]!++;
      positions[at] = positionBlocks[b]![slot]!;
      ranks[at] = k;
    }
    from.copyWithin(1, 0, clientCount);
    from[0] = 0;
    clientBlocks.length = positionBlocks.length = 0;
    this.count = 0;
    return { from, positions, ranks };
  }
}

const CANDIDATE_BLOCK_BITS = 14;
const CANDIDATE_BLOCK = 1 << CANDIDATE_BLOCK_BITS;
const CANDIDATE_BLOCK_MASK = CANDIDATE_BLOCK - 1;
