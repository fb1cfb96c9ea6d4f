/**
 * One copy of each distinct string, and a number for it. JSON.parse makes a new string for every
 * value of every line, so a session id used by a thousand requests (and their responses) was held
 * a thousand times; the model keeps one. The table grows with distinct values (sessions, methods),
 * not with lines. The numbers let a column of a typed array hold a string (records.ts).
 */
export class Interner {
  /** Null once sealed. */
  private codes: Map<string, number> | null = new Map();
  private readonly strings: string[] = [];

  intern<T extends string | null | undefined>(value: T): T {
    return typeof value === "string" ? (this.strings[this.code(value)] as T) : value;
  }

  /** The string's number: NULL_CODE for null, ABSENT_CODE for undefined. */
  code(value: string | null | undefined): number {
    if (typeof value !== "string") return value === null ? NULL_CODE : ABSENT_CODE;
    let code = this.codes!.get(value);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(value);
      this.codes!.set(value, code);
    }
    return code;
  }

  /**
   * No string is added once the timeline is built, and the lookup table goes: it was 1.9 MB of the
   * 100 MiB bench log's timeline (a slot and a hash entry per distinct session id), and it is
   * what would grow most with a longer log's sessions. Only the numbers' strings are kept.
   */
  seal() {
    this.codes = null;
  }

  string(code: number): string | null | undefined {
    return code >= 0 ? this.strings[code] : code === NULL_CODE ? null : undefined;
  }
}

export const NULL_CODE = -1;
export const ABSENT_CODE = -2;

/**
 * The number of the string last asked for, kept for the next ask: a value is most often the one
 * asked for before it (a line's file; a session id, in 78% of the bench log's events that carry
 * one), and comparing it with that one costs less than hashing it for the lookup.
 */
export class RecentCode {
  private value: string | null | undefined = undefined;
  private last = ABSENT_CODE;

  constructor(private readonly strings: Interner) {}

  code(value: string | null | undefined): number {
    if (value !== this.value) {
      this.value = value;
      this.last = this.strings.code(value);
    }
    return this.last;
  }
}
