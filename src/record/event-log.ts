import { closeSync, openSync, writeSync } from "node:fs";

/** Anything with a string `write`: `process.stdout`, a `fs.WriteStream`, a pino destination. */
export interface WritableLike {
  write(chunk: string): unknown;
}

export type EventFields = Record<string, unknown>;

/**
 * The core events format as JSONL: one `write` per line, so a crash loses at most the line
 * being written. A path is appended to synchronously, which also makes "flush" a no-op.
 */
export class EventLog {
  readonly #fd: number | null;
  readonly #out: WritableLike | null;
  #closed = false;

  constructor(out: string | WritableLike) {
    if (typeof out === "string") {
      this.#fd = openSync(out, "a");
      this.#out = null;
    } else {
      this.#fd = null;
      this.#out = out;
    }
  }

  /** Writes `{event, timestamp, ...fields}`; `at` (epoch ms) defaults to now. */
  write(event: string, fields: EventFields, at: number = Date.now()): void {
    if (this.#closed) return;
    const line = `${JSON.stringify({ event, timestamp: new Date(at).toISOString(), ...fields })}\n`;
    if (this.#fd !== null) writeSync(this.#fd, line);
    else this.#out!.write(line);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#fd !== null) closeSync(this.#fd);
  }
}
