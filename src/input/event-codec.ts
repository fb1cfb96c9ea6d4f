import type { Event } from "../events.js";

/**
 * Events packed into two typed arrays and a string table, to cross from the reading thread to
 * the analysing one. Structured clone of the event objects cost the receiver more than parsing
 * the JSON again (1.3 s against 0.8 s for the 100 MiB bench log); typed arrays move without a
 * copy and the strings are cloned once per batch, so the receiver only builds the objects.
 */
export interface PackedEvents {
  readonly count: number;
  readonly ints: Int32Array;
  readonly nums: Float64Array;
  readonly strings: string[];
}

const INTS = 9;
const NUMS = 3;
const NULL = -1;
const ABSENT = -2;
const KINDS = ["request", "response", "session-created", "session-closed", "session-removed", "stream-closed", "server-started"] as const;
/** A kind's code, its index in KINDS: read as a constant's property in each case of packEvents, not looked up in a Map per event. */
const KIND_CODE = Object.fromEntries(KINDS.map((kind, code) => [kind, code])) as Record<(typeof KINDS)[number], number>;

/**
 * The strings of one batch, each sent once, and where each is in the list. A table kept for the
 * whole file (session ids, clients, methods; request ids per batch), posting only the strings new
 * since the batch before, cut the strings cloned on the 100 MiB bench log from 346,000 to 242,000
 * and the receiver's share (clone, unpack, interning) by some 3% of instructions, but made the
 * reading thread, the slower one while reading, look up a Map of every session id instead of a
 * batch's few hundred strings: reading the 1 GiB log alone, indexOf and packing 1.6 → 3.7 s
 * (profile), peak RSS 218 → 272-284 MB (two runs each). Not kept.
 */
class StringTable {
  readonly strings: string[] = [];
  private readonly indexes = new Map<string, number>();

  indexOf(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(value);
      this.indexes.set(value, index);
    }
    return index;
  }
}

/**
 * One string field of the events, as indexes into the batch's table. A field often repeats the
 * previous event's value (a session's request then its response: 65% of values in the bench logs)
 * in a new string, since JSON.parse makes one of every value over ten characters, and Map.get
 * hashes each new string in full (most of packing's time). Comparing with the previous value, a
 * length check and then the characters, spares that hash. A field of its own per column, not an
 * array indexed by column: packing cost a fifth more instructions so.
 */
class StringColumn {
  private previous: string | null = null;
  private previousIndex = 0;

  constructor(private readonly table: StringTable) {}

  code(value: string | null | undefined): number {
    if (value === null) return NULL;
    if (value === undefined) return ABSENT;
    if (value !== this.previous) {
      this.previous = value;
      this.previousIndex = this.table.indexOf(value);
    }
    return this.previousIndex;
  }
}

export function packEvents(events: readonly Event[]): PackedEvents {
  const count = events.length;
  const ints = new Int32Array(count * INTS);
  const nums = new Float64Array(count * NUMS);
  const table = new StringTable();
  const instance = new StringColumn(table);
  const requestId = new StringColumn(table);
  const httpMethod = new StringColumn(table);
  const sessionId = new StringColumn(table);
  const rpcMethod = new StringColumn(table);
  const userAgent = new StringColumn(table);
  const remoteAddress = new StringColumn(table);
  for (let e = 0; e < count; e++) {
    const event = events[e]!;
    const i = e * INTS;
    const n = e * NUMS;
    ints[i + 1] = event.instance == null ? NULL : instance.code(event.instance);
    nums[n] = event.at;
    nums[n + 1] = event.ref.line;
    switch (event.kind) {
      case "request":
        ints[i] = KIND_CODE.request;
        ints[i + 2] = requestId.code(event.requestId);
        ints[i + 3] = httpMethod.code(event.httpMethod);
        ints[i + 4] = sessionId.code(event.sessionId);
        ints[i + 5] = event.isInitialize === null ? NULL : event.isInitialize ? 1 : 0;
        ints[i + 6] = rpcMethod.code(event.rpcMethod);
        ints[i + 7] = userAgent.code(event.userAgent);
        ints[i + 8] = remoteAddress.code(event.remoteAddress);
        nums[n + 2] = NaN;
        break;
      case "response":
        ints[i] = KIND_CODE.response;
        ints[i + 2] = requestId.code(event.requestId);
        ints[i + 4] = sessionId.code(event.sessionId);
        nums[n + 2] = event.status ?? NaN;
        break;
      case "session-created":
      case "session-closed":
      case "session-removed":
        ints[i] = KIND_CODE[event.kind];
        ints[i + 4] = sessionId.code(event.sessionId);
        nums[n + 2] = event.activeSessions ?? NaN;
        break;
      case "stream-closed":
        ints[i] = KIND_CODE["stream-closed"];
        ints[i + 4] = sessionId.code(event.sessionId);
        nums[n + 2] = event.elapsedMs ?? NaN;
        break;
      case "server-started":
        ints[i] = KIND_CODE["server-started"];
        nums[n + 2] = event.pid ?? NaN;
        break;
    }
  }
  return { count, ints, nums, strings: table.strings };
}

/** The events of `packed`, each pointing at `file` (one string shared by every reference). */
export function unpackEvents(packed: PackedEvents, file: string): Event[] {
  const { count, ints, nums, strings } = packed;
  const str = (index: number) => (index >= 0 ? strings[index]! : null);
  const optional = (index: number) => (index === ABSENT ? undefined : str(index));
  const num = (value: number) => (Number.isNaN(value) ? null : value);
  const events: Event[] = new Array(count);
  for (let e = 0; e < count; e++) {
    const i = e * INTS;
    const n = e * NUMS;
    const at = nums[n]!;
    const ref = { file, line: nums[n + 1]! };
    const instance = str(ints[i + 1]!);
    let event: Event;
    switch (KINDS[ints[i]!]) {
      case "request": {
        const isInitialize = ints[i + 5]!;
        event = {
          at, ref, kind: "request",
          requestId: str(ints[i + 2]!), httpMethod: str(ints[i + 3]!), sessionId: optional(ints[i + 4]!),
          isInitialize: isInitialize === NULL ? null : isInitialize === 1,
          rpcMethod: str(ints[i + 6]!), userAgent: str(ints[i + 7]!), remoteAddress: str(ints[i + 8]!),
        };
        break;
      }
      case "response":
        event = { at, ref, kind: "response", requestId: str(ints[i + 2]!), sessionId: optional(ints[i + 4]!), status: num(nums[n + 2]!) };
        break;
      case "session-created":
        event = { at, ref, kind: "session-created", sessionId: strings[ints[i + 4]!]!, activeSessions: num(nums[n + 2]!) };
        break;
      case "session-closed":
      case "session-removed":
        event = { at, ref, kind: KINDS[ints[i]!] as "session-closed" | "session-removed", sessionId: strings[ints[i + 4]!]!, activeSessions: num(nums[n + 2]!) };
        break;
      case "stream-closed":
        event = { at, ref, kind: "stream-closed", sessionId: str(ints[i + 4]!), elapsedMs: num(nums[n + 2]!) };
        break;
      default:
        event = { at, ref, kind: "server-started", pid: num(nums[n + 2]!) };
    }
    if (instance !== null) event.instance = instance;
    events[e] = event;
  }
  return events;
}
