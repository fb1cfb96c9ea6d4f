import { PACKED } from "../input/event-codec.js";
import { grown } from "../grown-column.js";
import type { Interner } from "./interner.js";

export type ServerLineKind = "session-created" | "session-closed" | "session-removed" | "stream-closed" | "server-started";
/** A line's kind comes to `push` as its position here: a lookup of the string per line was a Map's. */
export const SERVER_LINE_KINDS: readonly ServerLineKind[] = ["session-created", "session-closed", "session-removed", "stream-closed", "server-started"];

/** A server line as the walk reads it back: one object, filled again at each take, so the walk must not keep it. */
export interface ServerLine {
  readonly kind: ServerLineKind;
  readonly seq: number;
  readonly at: number;
  /** The line's number, and its file as its number in the timeline's strings (a reference's parts: the walk makes none). */
  readonly line: number;
  readonly fileCode: number;
  /** The session id's number in the timeline's strings (NULL_CODE for a stream closed outside a session): the tracker finds the session by it. */
  readonly sessionCode: number;
  /** The active sessions (created, closed, removed), the elapsed ms (stream closed) or the pid (started); null when not logged. */
  readonly number: number | null;
  readonly instance: string | null;
  /** The instance as its number in the timeline's strings. */
  readonly instanceCode: number;
}

class ReadBack implements ServerLine {
  kind: ServerLineKind = "server-started";
  seq = 0;
  at = 0;
  line = 0;
  fileCode = 0;
  sessionCode = 0;
  number: number | null = null;
  instanceCode = 0;

  constructor(private readonly strings: Interner) {}

  /** Looked up when read: only a server_started line's walk reads the string, the others read its number. */
  get instance(): string | null {
    return this.strings.string(this.instanceCode) as string | null;
  }
}

const FIRST_CAPACITY = 4096;
/** A line's numbers as pushPacked reads them, for push: used and done within a call. */
const PUSHED_NUMS = new Float64Array(PACKED.NUMS);

/**
 * The server's lines in log order, waiting for the walk (which trails the reading by WALK_LAG
 * events): rows of typed columns, strings as numbers of the timeline's Interner. Kept as event
 * objects, each line's event, reference and queue entry lived past the young generation's two
 * copies to be thrown away once walked: 13 MB of the 100 MiB bench log's promoted objects.
 */
export class ServerLineQueue {
  private capacity = FIRST_CAPACITY;
  private kind = new Int8Array(FIRST_CAPACITY);
  private seq = new Float64Array(FIRST_CAPACITY);
  private at = new Float64Array(FIRST_CAPACITY);
  private line = new Float64Array(FIRST_CAPACITY);
  private number = new Float64Array(FIRST_CAPACITY);
  private file = new Int32Array(FIRST_CAPACITY);
  private sessionId = new Int32Array(FIRST_CAPACITY);
  private instance = new Int32Array(FIRST_CAPACITY);
  private head = 0;
  private tail = 0;
  private readonly current: ReadBack;

  constructor(strings: Interner) {
    this.current = new ReadBack(strings);
  }

  /** Strings come as their numbers in `strings` (NULL_CODE for a line without a session); `number` is NaN when not logged. */
  push(kind: ServerLineKind, seq: number, at: number, line: number, fileCode: number, sessionCode: number, number: number, instanceCode: number) {
    PUSHED_NUMS[PACKED.at] = at;
    PUSHED_NUMS[PACKED.line] = line;
    PUSHED_NUMS[PACKED.number] = number;
    this.pushPacked(SERVER_LINE_KINDS.indexOf(kind), seq, PUSHED_NUMS, 0, fileCode, sessionCode, instanceCode);
  }

  /**
   * As push, the fold's way: the kind as its position in SERVER_LINE_KINDS, the line's time, number
   * and `number` read from `nums` at `n` (see PACKED), where the fold has them. Passed to a call the
   * fold does not inline, each double was a new heap number (the time always, past the small
   * integers; NaN for a number not logged).
   */
  pushPacked(kind: number, seq: number, nums: Float64Array, n: number, fileCode: number, sessionCode: number, instanceCode: number) {
    if (this.tail === this.capacity) this.makeRoom();
    const row = this.tail++;
    this.kind[row] = kind;
    this.seq[row] = seq;
    this.at[row] = nums[n + PACKED.at]!;
    this.line[row] = nums[n + PACKED.line]!;
    this.file[row] = fileCode;
    this.sessionId[row] = sessionCode;
    this.number[row] = nums[n + PACKED.number]!;
    this.instance[row] = instanceCode;
  }

  /** The log position of the next line, Infinity when none waits. */
  nextSeq(): number {
    return this.head < this.tail ? this.seq[this.head]! : Infinity;
  }

  take(): ServerLine {
    const row = this.head++;
    const line = this.current;
    line.kind = SERVER_LINE_KINDS[this.kind[row]!]!;
    line.seq = this.seq[row]!;
    line.at = this.at[row]!;
    line.fileCode = this.file[row]!;
    line.line = this.line[row]!;
    line.sessionCode = this.sessionId[row]!;
    const number = this.number[row]!;
    line.number = Number.isNaN(number) ? null : number;
    line.instanceCode = this.instance[row]!;
    return line;
  }

  /** Doubles the columns when the waiting rows fill more than half of them, and moves those rows to the front. */
  private makeRoom() {
    const waiting = this.tail - this.head;
    if (waiting * 2 > this.capacity) {
      this.capacity *= 2;
      this.kind = grown(this.kind, this.capacity);
      this.seq = grown(this.seq, this.capacity);
      this.at = grown(this.at, this.capacity);
      this.line = grown(this.line, this.capacity);
      this.number = grown(this.number, this.capacity);
      this.file = grown(this.file, this.capacity);
      this.sessionId = grown(this.sessionId, this.capacity);
      this.instance = grown(this.instance, this.capacity);
    }
    for (const column of [this.kind, this.seq, this.at, this.line, this.number, this.file, this.sessionId, this.instance]) column.copyWithin(0, this.head, this.tail);
    this.head = 0;
    this.tail = waiting;
  }
}
