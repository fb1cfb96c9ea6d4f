import { rehashSlots } from "./hash-slots.js";
import { hashOf } from "./string-hash.js";

/**
 * The fold's clients (their positions in its list) by user agent and remote address, either null:
 * open addressing in one Int32Array, a slot holding the position plus one (0 for empty) and the
 * hash, as in rows-by-id.ts. Two Maps (agent, then address) held an entry object per client in
 * each, read at a client's first request of each batch (53,000 lookups on the 100 MiB bench log):
 * lookUpClient was 233 ms of the main thread at 1 GiB. Both strings are hashed: hashing the address
 * alone (nearly every client in the bench log has one of its own) made every client behind one
 * proxy or load balancer one probe chain, 200,000 requests of 20,000 agents from one address
 * 1.3 → 7.7 s. Entries are never removed (a client stays for the whole log).
 */
export class ClientsBySource {
  private slots = new Int32Array(2 * FIRST_SLOTS);
  private agents: (string | null)[] = new Array<string | null>(FIRST_SLOTS).fill(null);
  private addresses: (string | null)[] = new Array<string | null>(FIRST_SLOTS).fill(null);
  private mask = FIRST_SLOTS - 1;
  private count = 0;
  /** findAll's hashes of the pairs it looks up. */
  private hashes = new Int32Array(256);
  /** What findAll's first passes read, kept so that their reads are not dropped as unused. */
  private touched = 0;

  /** The position noted for the pair, or -1. */
  get(userAgent: string | null, remoteAddress: string | null): number {
    const hash = hashOfSource(userAgent, remoteAddress);
    const { slots, mask } = this;
    for (let i = hash & mask; slots[2 * i] !== 0; i = (i + 1) & mask) {
      if (slots[2 * i + 1] === hash && this.agents[i] === userAgent && this.addresses[i] === remoteAddress) return slots[2 * i]! - 1;
    }
    return -1;
  }

  /**
   * As get, for `count` pairs at once (`agents[k]`, `addresses[k]`): writes each one's position, or
   * -1, at `found[k]`. Each pass's reads are independent of each other (the first slots, then the
   * strings they hold), so the processor overlaps their cache misses, as Interner.findAll does:
   * at 1 GiB a batch's clients not met before in it were some 100 lookups whose slot and strings
   * the reading thread's bytes had pushed out of the caches (lookUpClient 132-230 ms, node --cpu-prof).
   */
  findAll(agents: readonly (string | null)[], addresses: readonly (string | null)[], count: number, found: Int32Array) {
    const { slots, mask } = this;
    if (this.hashes.length < count) this.hashes = new Int32Array(Math.max(count, 2 * this.hashes.length));
    const hashes = this.hashes;
    for (let k = 0; k < count; k++) hashes[k] = hashOfSource(agents[k]!, addresses[k]!);
    // Kept in `touched` so that the compiler does not drop the reads.
    let touched = 0;
    for (let k = 0; k < count; k++) touched |= slots[2 * (hashes[k]! & mask)]!;
    for (let k = 0; k < count; k++) {
      const i = hashes[k]! & mask;
      if (slots[2 * i] !== 0 && slots[2 * i + 1] === hashes[k]) touched |= (this.agents[i]?.length ?? 0) + (this.addresses[i]?.length ?? 0);
    }
    for (let k = 0; k < count; k++) {
      const hash = hashes[k]!;
      const agent = agents[k]!;
      const address = addresses[k]!;
      found[k] = -1;
      for (let i = hash & mask; slots[2 * i] !== 0; i = (i + 1) & mask) {
        if (slots[2 * i + 1] === hash && this.agents[i] === agent && this.addresses[i] === address) {
          found[k] = slots[2 * i]! - 1;
          break;
        }
      }
    }
    this.touched = touched;
  }

  /** Notes `position` for a pair get did not find. */
  add(userAgent: string | null, remoteAddress: string | null, position: number) {
    const hash = hashOfSource(userAgent, remoteAddress);
    const { slots, mask } = this;
    let i = hash & mask;
    while (slots[2 * i] !== 0) i = (i + 1) & mask;
    slots[2 * i] = position + 1;
    slots[2 * i + 1] = hash;
    this.agents[i] = userAgent;
    this.addresses[i] = remoteAddress;
    if (2 * ++this.count > mask) this.grow();
  }

  private grow() {
    const { agents: oldAgents, addresses: oldAddresses } = this;
    const size = 2 * (this.mask + 1);
    const agents = (this.agents = new Array<string | null>(size).fill(null));
    const addresses = (this.addresses = new Array<string | null>(size).fill(null));
    this.mask = size - 1;
    this.slots = rehashSlots(this.slots, this.mask, (from, to) => {
      agents[to] = oldAgents[from]!;
      addresses[to] = oldAddresses[from]!;
    });
  }
}

const FIRST_SLOTS = 256;

/** The pair's hash: each present string's, mixed so that (a, b) and (b, a) differ; exported for its test. */
export function hashOfSource(userAgent: string | null, remoteAddress: string | null): number {
  const agent = userAgent !== null ? hashOf(userAgent) : 0x5bd1e995;
  return remoteAddress !== null ? Math.imul(agent, 0x01000193) ^ hashOf(remoteAddress) : ~agent;
}
