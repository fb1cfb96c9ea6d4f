/**
 * One copy of each distinct string. JSON.parse makes a new string for every value of every line,
 * so a session id used by a thousand requests (and their responses) was held a thousand times;
 * the model keeps one. The table grows with distinct values (sessions, methods), not with lines.
 */
export class Interner {
  private readonly table = new Map<string, string>();

  intern<T extends string | null | undefined>(value: T): T {
    if (typeof value !== "string") return value;
    const kept = this.table.get(value);
    if (kept !== undefined) return kept as T;
    this.table.set(value, value);
    return value;
  }
}
