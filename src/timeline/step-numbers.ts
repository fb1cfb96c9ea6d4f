import { ABSENT_CODE, NULL_CODE } from "./interner.js";
import { INITIALIZE, NOT_INITIALIZE, type ReleasedRequests } from "./released-requests.js";
import type { RequestRecord } from "./model.js";

/**
 * Each distinct step (describeStep's answer) numbered once: a busy log has millions of requests
 * and a handful of distinct steps, and building the name per request was most of this pass.
 * Requests that differ only in what the name leaves out share a number, as they share the name.
 */
export class StepNumbers {
  /**
   * By the methods' numbers in the timeline's strings (equal numbers are equal strings), offset
   * past the negative ones (NULL_CODE, ABSENT_CODE): methods are among the first strings, so these
   * arrays stay short. Two Maps by number took 50 ms of the 1 GiB bench log's pass.
   */
  private readonly byRpc: (number[][] | undefined)[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];
  private lastSlots: number[] | null = null;
  private lastRpc = 0;
  private lastHttp = 0;

  /** The step of the chunk's request `i`. */
  numberOf(released: ReleasedRequests, i: number): number {
    // The methods as their numbers: their strings made and compared per request were some 100 ms at 1 GiB.
    const rpcMethod = released.rpcMethodCode[i]!;
    const httpMethod = released.httpMethodCode[i]!;
    // Most requests have the methods of the request before: their slots are kept, not looked up twice.
    let slots = this.lastSlots;
    if (slots === null || rpcMethod !== this.lastRpc || httpMethod !== this.lastHttp) {
      const byHttp = (this.byRpc[rpcMethod - ABSENT_CODE] ??= []);
      this.lastSlots = slots = byHttp[httpMethod - ABSENT_CODE] ??= [];
      this.lastRpc = rpcMethod;
      this.lastHttp = httpMethod;
    }
    // The session id as its number (null is NULL_CODE, absent another negative; see Interner), not made a string twice.
    const code = released.sessionCode[i]!;
    const session = code === NULL_CODE ? 0 : code < 0 ? 1 : 2;
    const kind = released.flags[i]!;
    const slot = session * 3 + ((kind & INITIALIZE) !== 0 ? 0 : (kind & NOT_INITIALIZE) !== 0 ? 1 : 2);
    return (slots[slot] ??= this.numberOfName(describeStep(released.requestAt(i))));
  }

  /** The number of a step already numbered, -1 for a name never seen: a read, for a timeline that is read-only. */
  knownNumberOf(name: string): number {
    return this.numbers.get(name) ?? -1;
  }

  nameOf(step: number): string {
    return this.names[step]!;
  }

  /** How many steps are numbered: the next name is numbered so. */
  get size(): number {
    return this.names.length;
  }

  private numberOfName(name: string): number {
    let number = this.numbers.get(name);
    if (number === undefined) {
      this.numbers.set(name, (number = this.names.length));
      this.names.push(name);
    }
    return number;
  }
}

export function describeStep(request: RequestRecord): string {
  const what = request.rpcMethod ?? (request.isInitialize ? "initialize" : null) ?? request.httpMethod ?? "request";
  const method = request.httpMethod && request.httpMethod !== "POST" && request.rpcMethod === null ? "" : request.httpMethod === "POST" || request.httpMethod === null ? "" : `${request.httpMethod} `;
  const session = request.sessionId === null ? " (no session id)" : request.sessionId === undefined ? "" : " (with session id)";
  return `${method}${what}${session}`;
}
