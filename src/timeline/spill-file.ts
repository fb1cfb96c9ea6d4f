import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Closes a file no longer reachable: a timeline does not say when it is done with. */
const closing = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed: nothing is left to free.
  }
});

/**
 * The spill file could not be read back (a disk error, a file cut short): the analysis cannot go
 * on without the blocks in it, and no bug of ours is to blame, so the CLI says it in one line, as
 * it does a log it cannot read, rather than as an internal error with a stack.
 */
export class SpillReadError extends Error {}

/**
 * A temporary file for blocks out of memory (block-store.ts), removed from its directory as soon
 * as opened: only the open descriptor keeps it, so nothing is left behind when the process ends,
 * however it ends.
 */
export class SpillFile {
  /** Where the next block goes: blocks are appended, and rewritten in place while they fit. */
  end = 0;

  private constructor(
    private readonly fd: number,
    /** The table whose rows it holds, as an error names it. */
    private readonly table: string,
  ) {
    closing.register(this, fd);
  }

  /** A new file, or null when none can be made (no room, no temporary directory, a system that cannot remove an open file): blocks then stay in memory. */
  static open(table: string): SpillFile | null {
    const path = join(tmpdir(), `mcp-forensics-${process.pid}-${randomBytes(6).toString("hex")}.blocks`);
    let fd: number;
    try {
      fd = openSync(path, "wx+", 0o600);
    } catch {
      return null;
    }
    try {
      unlinkSync(path);
    } catch {
      closeSync(fd);
      try {
        unlinkSync(path);
      } catch {
        // Left for the system's temporary directory's cleaning: nothing was written to it.
      }
      return null;
    }
    return new SpillFile(fd, table);
  }

  /** Writes each of `arrays` at its position; false when the file could not take them all. */
  write(arrays: readonly ArrayBufferView[], positions: readonly number[]): boolean {
    try {
      for (let i = 0; i < arrays.length; i++) {
        const array = arrays[i]!;
        const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, positions[i]! + done);
        this.end = Math.max(this.end, positions[i]! + bytes.length);
      }
    } catch {
      return false;
    }
    return true;
  }

  /** `size` bytes from `position`, all written before, at the start of `into` (when given, at least `size` bytes) or of a new buffer; SpillReadError when they cannot be read. */
  read(position: number, size: number, into: ArrayBuffer | null = null): ArrayBuffer {
    const bytes = new Uint8Array(into ?? new ArrayBuffer(size), 0, size);
    for (let done = 0; done < size; ) {
      let read: number;
      try {
        read = readSync(this.fd, bytes, done, size - done, position + done);
      } catch (error) {
        throw new SpillReadError(this.unreadable((error as NodeJS.ErrnoException).code ?? (error as Error).message));
      }
      if (read === 0) throw new SpillReadError(this.unreadable(`it ended at byte ${position + done} of ${position + size}`));
      done += read;
    }
    return bytes.buffer;
  }

  private unreadable(why: string): string {
    return `the temporary file holding ${this.table}'s older rows (in ${tmpdir()}) could not be read back (${why}); the analysis cannot go on without them`;
  }
}
