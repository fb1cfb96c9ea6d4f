import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `run` with a new empty directory, which it may make the temporary directory (TMPDIR, read
 * by the spill files at each opening); then removes the directory and puts TMPDIR back as it was.
 */
export function withScratchDirectory<T>(prefix: string, run: (dir: string) => T): T {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return run(dir);
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true });
  }
}

/** Runs `run` where no temporary file can be made: TMPDIR names a directory that does not exist. */
export function withoutTemporaryFiles<T>(run: () => T): T {
  return withScratchDirectory("no-temporary-files-", (dir) => {
    process.env.TMPDIR = join(dir, "missing");
    return run();
  });
}
