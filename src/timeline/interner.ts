/**
 * One copy of each distinct string, and a number for it. JSON.parse makes a new string for every
 * value of every line, so a session id used by a thousand requests (and their responses) was held
 * a thousand times; the model keeps one. The table grows with distinct values (sessions, methods),
 * not with lines. The numbers let a column of a typed array hold a string (records.ts).
 */
export class Interner {
  private readonly codes = new Map<string, number>();
  private readonly strings: string[] = [];

  intern<T extends string | null | undefined>(value: T): T {
    return typeof value === "string" ? (this.strings[this.code(value)] as T) : value;
  }

  /** The string's number: NULL_CODE for null, ABSENT_CODE for undefined. */
  code(value: string | null | undefined): number {
    if (typeof value !== "string") return value === null ? NULL_CODE : ABSENT_CODE;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  string(code: number): string | null | undefined {
    return code >= 0 ? this.strings[code] : code === NULL_CODE ? null : undefined;
  }
}

export const NULL_CODE = -1;
export const ABSENT_CODE = -2;
