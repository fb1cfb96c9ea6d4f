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
