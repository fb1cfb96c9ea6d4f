import type { Event } from "../events.js";
import { withRoomFor } from "../grown-column.js";
import { isRequestIdCode, requestIdKeyOf, requestIdOfCode } from "./request-id-code.js";
import { BatchSources } from "./batch-sources.js";
import { StringTable, TableSlots } from "./string-table.js";
import { uuidOf, writeUuidWords } from "./uuid-words.js";

/**
 * Events packed into two typed arrays and a string table, to cross from the reading thread to
 * the analysing one. Structured clone of the event objects cost the receiver more than parsing
 * the JSON again (1.3 s against 0.8 s for the 100 MiB bench log); typed arrays move without a
 * copy and the strings are cloned once per batch. The timeline folds the rows as they are (see
 * PACKED): unpacked into an object per event, the fold of the 100 MiB bench log allocated 245 MB
 * in 17 scavenges, folded packed 152 MB in 9 (`node --trace-gc-nvp`, two runs each).
 */
export interface PackedEvents {
  readonly count: number;
  readonly ints: Int32Array;
  readonly nums: Float64Array;
  readonly strings: string[];
  /** The session ids that are lower-case canonical UUIDs, each once, as four words (see PACKED.UUID and SessionIdColumn). */
  readonly words: Int32Array;
  /**
   * The session ids that are not UUIDs, each once, as their indexes in `strings`, and the requests'
   * (user agent, remote address) pairs (see BatchSources): what the analysing thread looks up
   * together when the batch starts, so that it need not pass over the rows to find them. Each
   * only spares lookups: a value not in them is looked up at its use.
   */
  readonly sessionStrings: Int32Array;
  readonly sources: Int32Array;
}

/**
 * Where an event's fields are in its rows: `ints` from e * INTS, `nums` from e * NUMS. A string
 * field is an index in `strings`, or NULL / ABSENT; `requestId` may also be a code <= -3
 * (request-id-code.ts), `sessionId` UUID - j for the batch's j-th UUID, its words at `words[4j]`
 * (uuidIndexOf); `number` is the status, the active sessions,
 * the elapsed ms or the pid by kind (NaN for null); `isInitialize` is 1, 0 or NULL.
 */
export const PACKED = {
  INTS: 10,
  NUMS: 3,
  kind: 0,
  instance: 1,
  requestId: 2,
  httpMethod: 3,
  sessionId: 4,
  isInitialize: 5,
  rpcMethod: 6,
  userAgent: 7,
  remoteAddress: 8,
  file: 9,
  at: 0,
  line: 1,
  number: 2,
  NULL: -1,
  ABSENT: -2,
  UUID: -3,
} as const;
const INTS = PACKED.INTS;
const NUMS = PACKED.NUMS;
const NULL = PACKED.NULL;
const ABSENT = PACKED.ABSENT;
/** The kinds by their code in the rows. */
export const KINDS = ["request", "response", "session-created", "session-closed", "session-removed", "stream-closed", "server-started"] as const;
/** A kind's code, its index in KINDS: read as a constant's property in each case of packEvents, not looked up in a Map per event. */
const KIND_CODE = Object.fromEntries(KINDS.map((kind, code) => [kind, code])) as Record<(typeof KINDS)[number], number>;

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

/**
 * The session ids: a lower-case canonical UUID as its four words (uuid-words.ts) in `words`, which
 * the reading thread sends in the batch's transferred buffer (BatchBuffers), each once; any other
 * as StringColumn does. The analysing thread's interner keeps such an id as its words anyway: it
 * read them out of each batch's cloned strings (Interner.findAll, 191 ms of its main thread at
 * 1 GiB, node --cpu-prof), and the ids were most of the strings a batch cloned, which the
 * analysing thread deserialized and collected.
 *
 * The batch's distinct ids have a table of their own (the batch's would hold the UUIDs' strings,
 * to be sent): an id is looked up there as any string, and only a new one is read for its words.
 * Every id read for its words at each change of value, with a table of words, cost the reading
 * thread some 100 ms more at 1 GiB (node --cpu-prof, two runs at load 8).
 */
class SessionIdColumn {
  private previous: string | null = null;
  private previousIndex = 0;
  private readonly ids = new StringTable(SESSION_ID_SLOTS);
  /** How many UUIDs are in `words`, and how many other ids (their indexes in the table) in `others`. */
  uuids = 0;
  strings = 0;

  constructor(
    private readonly table: StringTable,
    readonly words: Int32Array,
    readonly others: Int32Array,
  ) {}

  code(value: string | null | undefined): number {
    if (value === null) return NULL;
    if (value === undefined) return ABSENT;
    if (value !== this.previous) {
      this.previous = value;
      const known = this.ids.strings.length;
      const id = this.ids.indexOf(value);
      if (id === known) {
        if (id === packedIds.length) packedIds = withRoomFor(packedIds, id);
        packedIds[id] = writeUuidWords(value, this.words, 4 * this.uuids) ? PACKED.UUID - this.uuids++ : (this.others[this.strings++] = this.table.indexOf(value));
      }
      this.previousIndex = packedIds[id]!;
    }
    return this.previousIndex;
  }
}

/** The slots of the batches' session id tables, apart from those of the batches' string tables. */
const SESSION_ID_SLOTS = new TableSlots();
/** By a batch's session id (its index in the column's table), how it is packed: shared by the batches one after the other. */
let packedIds: Int32Array = new Int32Array(1024);

/** The index among a batch's UUIDs of a packed session id <= PACKED.UUID: its words are at `words[4 * index]`. */
export function uuidIndexOf(sessionId: number): number {
  return PACKED.UUID - sessionId;
}

/**
 * The request ids: a code (see request-id-code.ts) where the id has one, else as StringColumn
 * does. A number is a code the reading thread read straight from the bytes; a string is coded
 * here, so that an id gets one key whichever path read it.
 */
class RequestIdColumn {
  private previous: string | null = null;
  private previousIndex = 0;

  constructor(private readonly table: StringTable) {}

  code(value: string | number | null | undefined): number {
    if (typeof value === "number") return value;
    if (value === null) return NULL;
    if (value === undefined) return ABSENT;
    if (value !== this.previous) {
      this.previous = value;
      const key = requestIdKeyOf(value);
      this.previousIndex = typeof key === "number" ? key : this.table.indexOf(key);
    }
    return this.previousIndex;
  }
}

/**
 * A batch's string table, its UUIDs and a column per string field, as packEvents and the reading
 * thread's rows (event-rows.ts) fill them: taken apart into locals by the packing loop, not read
 * as fields. `words` has room for four words per event, `sessionStrings` for one index and
 * `sources` for two per event.
 */
export class BatchStrings {
  readonly table = new StringTable();
  readonly instance = new StringColumn(this.table);
  readonly requestId = new RequestIdColumn(this.table);
  readonly httpMethod = new StringColumn(this.table);
  readonly sessionId: SessionIdColumn;
  readonly rpcMethod = new StringColumn(this.table);
  readonly userAgent = new StringColumn(this.table);
  readonly remoteAddress = new StringColumn(this.table);
  readonly file = new StringColumn(this.table);
  readonly sources: BatchSources;

  constructor(words: Int32Array, sessionStrings: Int32Array, sources: Int32Array) {
    this.sessionId = new SessionIdColumn(this.table, words, sessionStrings);
    this.sources = new BatchSources(sources);
  }

  /**
   * The batch packed: its strings and what it sends of them apart (see PackedEvents). Its sources
   * are noted here, in a pass over its rows just written, not as each request is packed: a call
   * more in packOut's loop took V8's budget for inlining into it, and two of its string columns'
   * calls were left out (node --trace-turbo-inlining; StringColumn.code 94-135 ms self at 1 GiB).
   */
  packed(count: number, ints: Int32Array, nums: Float64Array): PackedEvents {
    const sources = this.sources;
    for (let i = 0; i < count * INTS; i += INTS) if (ints[i + PACKED.kind] === KIND_CODE.request) sources.note(ints[i + PACKED.userAgent]!, ints[i + PACKED.remoteAddress]!);
    const { words, uuids, others, strings } = this.sessionId;
    return { count, ints, nums, strings: this.table.strings, words: words.subarray(0, 4 * uuids), sessionStrings: others.subarray(0, strings), sources: this.sources.used() };
  }
}

export function packEvents(events: readonly Event[]): PackedEvents {
  const count = events.length;
  const ints = new Int32Array(count * INTS);
  const nums = new Float64Array(count * NUMS);
  const batch = new BatchStrings(new Int32Array(4 * count), new Int32Array(count), new Int32Array(2 * count));
  const { instance, requestId, httpMethod, sessionId, rpcMethod, userAgent, remoteAddress, file } = batch;
  for (let e = 0; e < count; e++) {
    const event = events[e]!;
    const i = e * INTS;
    const n = e * NUMS;
    ints[i + PACKED.instance] = event.instance == null ? NULL : instance.code(event.instance);
    ints[i + PACKED.file] = file.code(event.ref.file);
    nums[n + PACKED.at] = event.at;
    nums[n + PACKED.line] = event.ref.line;
    switch (event.kind) {
      case "request":
        ints[i + PACKED.kind] = KIND_CODE.request;
        ints[i + PACKED.requestId] = requestId.code(event.requestId);
        ints[i + PACKED.httpMethod] = httpMethod.code(event.httpMethod);
        ints[i + PACKED.sessionId] = sessionId.code(event.sessionId);
        ints[i + PACKED.isInitialize] = event.isInitialize === null ? NULL : event.isInitialize ? 1 : 0;
        ints[i + PACKED.rpcMethod] = rpcMethod.code(event.rpcMethod);
        ints[i + PACKED.userAgent] = userAgent.code(event.userAgent);
        ints[i + PACKED.remoteAddress] = remoteAddress.code(event.remoteAddress);
        nums[n + PACKED.number] = NaN;
        break;
      case "response":
        ints[i + PACKED.kind] = KIND_CODE.response;
        ints[i + PACKED.requestId] = requestId.code(event.requestId);
        ints[i + PACKED.sessionId] = sessionId.code(event.sessionId);
        nums[n + PACKED.number] = event.status ?? NaN;
        break;
      case "session-created":
      case "session-closed":
      case "session-removed":
        ints[i + PACKED.kind] = KIND_CODE[event.kind];
        ints[i + PACKED.sessionId] = sessionId.code(event.sessionId);
        nums[n + PACKED.number] = event.activeSessions ?? NaN;
        break;
      case "stream-closed":
        ints[i + PACKED.kind] = KIND_CODE["stream-closed"];
        ints[i + PACKED.sessionId] = sessionId.code(event.sessionId);
        nums[n + PACKED.number] = event.elapsedMs ?? NaN;
        break;
      case "server-started":
        ints[i + PACKED.kind] = KIND_CODE["server-started"];
        nums[n + PACKED.number] = event.pid ?? NaN;
        break;
    }
  }
  return batch.packed(count, ints, nums);
}

/**
 * The batch's events at or between `from` and `to` (epoch ms), moved to the front of its rows in
 * place; the strings are shared. A time window on a file read on a thread filters the rows so:
 * unpacked, filtered and packed again for the fold, a window on the 100 MiB bench log cost 0.4 s
 * more CPU than the whole log read packed (three alternating runs).
 */
export function packedWithin(packed: PackedEvents, from: number, to: number): PackedEvents {
  const { count, ints, nums } = packed;
  let kept = 0;
  for (let e = 0; e < count; e++) {
    const at = nums[e * NUMS + PACKED.at]!;
    if (!(at >= from && at <= to)) continue;
    if (kept !== e) {
      ints.copyWithin(kept * INTS, e * INTS, (e + 1) * INTS);
      nums.copyWithin(kept * NUMS, e * NUMS, (e + 1) * NUMS);
    }
    kept++;
  }
  // The lists of what to look up together stay whole: a value only dropped rows held is one lookup more.
  return kept === count ? packed : { ...packed, count: kept };
}

/** A packed request id as the matcher keys it: its string, its code (see request-id-code.ts), or null. */
export function requestIdAt(strings: readonly string[], index: number): string | number | null {
  return index >= 0 ? strings[index]! : isRequestIdCode(index) ? index : null;
}

/** A string field of a packed event that is never undefined: its string, or null (see PACKED). */
export function stringAt(strings: readonly string[], index: number): string | null {
  return index >= 0 ? strings[index]! : null;
}

/** The events of `packed`: for a merge of several files, which reads events. */
export function unpackEvents(packed: PackedEvents): Event[] {
  const { count, ints, nums, strings, words } = packed;
  const str = (index: number) => stringAt(strings, index);
  const sessionId = (index: number) => (index <= PACKED.UUID ? uuidOf(words, 4 * uuidIndexOf(index)) : str(index));
  const optional = (index: number) => (index === ABSENT ? undefined : sessionId(index));
  const requestIdString = (index: number, file: string) => (isRequestIdCode(index) ? requestIdOfCode(index, file) : str(index));
  const num = (value: number) => (Number.isNaN(value) ? null : value);
  const events: Event[] = new Array(count);
  for (let e = 0; e < count; e++) {
    const i = e * INTS;
    const n = e * NUMS;
    const at = nums[n + PACKED.at]!;
    const ref = { file: strings[ints[i + PACKED.file]!]!, line: nums[n + PACKED.line]! };
    const instance = str(ints[i + PACKED.instance]!);
    let event: Event;
    switch (KINDS[ints[i + PACKED.kind]!]) {
      case "request": {
        const isInitialize = ints[i + PACKED.isInitialize]!;
        event = {
          at, ref, kind: "request",
          requestId: requestIdString(ints[i + PACKED.requestId]!, ref.file), httpMethod: str(ints[i + PACKED.httpMethod]!), sessionId: optional(ints[i + PACKED.sessionId]!),
          isInitialize: isInitialize === NULL ? null : isInitialize === 1,
          rpcMethod: str(ints[i + PACKED.rpcMethod]!), userAgent: str(ints[i + PACKED.userAgent]!), remoteAddress: str(ints[i + PACKED.remoteAddress]!),
        };
        break;
      }
      case "response":
        event = { at, ref, kind: "response", requestId: requestIdString(ints[i + PACKED.requestId]!, ref.file), sessionId: optional(ints[i + PACKED.sessionId]!), status: num(nums[n + PACKED.number]!) };
        break;
      case "session-created":
        event = { at, ref, kind: "session-created", sessionId: sessionId(ints[i + PACKED.sessionId]!)!, activeSessions: num(nums[n + PACKED.number]!) };
        break;
      case "session-closed":
      case "session-removed":
        event = { at, ref, kind: KINDS[ints[i + PACKED.kind]!] as "session-closed" | "session-removed", sessionId: sessionId(ints[i + PACKED.sessionId]!)!, activeSessions: num(nums[n + PACKED.number]!) };
        break;
      case "stream-closed":
        event = { at, ref, kind: "stream-closed", sessionId: sessionId(ints[i + PACKED.sessionId]!), elapsedMs: num(nums[n + PACKED.number]!) };
        break;
      default:
        event = { at, ref, kind: "server-started", pid: num(nums[n + PACKED.number]!) };
    }
    if (instance !== null) event.instance = instance;
    events[e] = event;
  }
  return events;
}
