import { withRoomFor } from "../grown-column.js";

/**
 * A batch's requests' sources, (user agent, remote address) as indexes of the batch's strings,
 * each pair once, in `pairs` (agent at 2k, address at 2k + 1): the analysing thread looks up their
 * clients together when the batch starts (TimelineFold.findBatchClients), where it found them by a
 * pass over every row of the batch (findBatchClients 107 ms of its main thread at 1 GiB, node
 * --cpu-prof). A request without an address is left out, as the fold looks such a client up at its
 * request. An address is noted again when it comes with another agent than the last one it came
 * with, so a pair can be noted twice (agents alternating on one address): the fold keeps the last.
 */
export class BatchSources {
  /** How many pairs are in `pairs`. */
  count = 0;
  private readonly batch = ++batches;
  private lastAgent = NONE;
  private lastAddress = NONE;

  constructor(readonly pairs: Int32Array) {}

  note(agent: number, address: number): void {
    // Two requests in three come from the source of the request before (the bench log).
    if (address < 0 || (address === this.lastAddress && agent === this.lastAgent)) return;
    this.lastAgent = agent;
    this.lastAddress = address;
    if (address >= agentOf.length) {
      batchOf = withRoomFor(batchOf, address);
      agentOf = withRoomFor(agentOf, address);
    }
    if (batchOf[address] === this.batch && agentOf[address] === agent) return;
    batchOf[address] = this.batch;
    agentOf[address] = agent;
    this.pairs[2 * this.count] = agent;
    this.pairs[2 * this.count + 1] = address;
    this.count++;
  }

  /** The pairs noted. */
  used(): Int32Array {
    return this.pairs.subarray(0, 2 * this.count);
  }
}

const NONE = -3;
/**
 * By an address's index in a batch's strings, the batch (its number) that noted it last and with
 * which agent: shared by the batches one after the other, so that a batch starts with no array to
 * clear (a batch's pairs are its own while its number is the one stamped).
 */
let batches = 0;
let batchOf = new Int32Array(1024);
let agentOf = new Int32Array(1024);
