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
const KIND_CODE = new Map<string, number>(KINDS.map((kind, code) => [kind, code]));

export function packEvents(events: readonly Event[]): PackedEvents {
  const ints = new Int32Array(events.length * INTS);
  const nums = new Float64Array(events.length * NUMS);
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  // By column of `ints`: the string the previous event had there and its index. A field often
  // repeats the previous event's value (a session's request then its response: 65% of values in
  // the bench logs) in a new string, since JSON.parse makes one of every value over ten
  // characters, and Map.get hashes each new string in full (most of packing's time). Comparing
  // with the previous value, a length check and then the characters, spares that hash.
  const previous = new Array<string | null>(INTS).fill(null);
  const previousIndex = new Int32Array(INTS);
  const str = (value: string | null | undefined, column: number): number => {
    if (value === null) return NULL;
    if (value === undefined) return ABSENT;
    if (value === previous[column]) return previousIndex[column]!;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      indexOf.set(value, index);
    }
    previous[column] = value;
    previousIndex[column] = index;
    return index;
  };
  for (let e = 0; e < events.length; e++) {
    const event = events[e]!;
    const i = e * INTS;
    const n = e * NUMS;
    ints[i] = KIND_CODE.get(event.kind)!;
    ints[i + 1] = str(event.instance ?? null, 1);
    nums[n] = event.at;
    nums[n + 1] = event.ref.line;
    nums[n + 2] = NaN;
    switch (event.kind) {
      case "request":
        ints[i + 2] = str(event.requestId, 2);
        ints[i + 3] = str(event.httpMethod, 3);
        ints[i + 4] = str(event.sessionId, 4);
        ints[i + 5] = event.isInitialize === null ? NULL : event.isInitialize ? 1 : 0;
        ints[i + 6] = str(event.rpcMethod, 6);
        ints[i + 7] = str(event.userAgent, 7);
        ints[i + 8] = str(event.remoteAddress, 8);
        break;
      case "response":
        ints[i + 2] = str(event.requestId, 2);
        ints[i + 4] = str(event.sessionId, 4);
        nums[n + 2] = event.status ?? NaN;
        break;
      case "session-created":
      case "session-closed":
      case "session-removed":
        ints[i + 4] = str(event.sessionId, 4);
        nums[n + 2] = event.activeSessions ?? NaN;
        break;
      case "stream-closed":
        ints[i + 4] = str(event.sessionId, 4);
        nums[n + 2] = event.elapsedMs ?? NaN;
        break;
      case "server-started":
        nums[n + 2] = event.pid ?? NaN;
        break;
    }
  }
  return { count: events.length, ints, nums, strings };
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
