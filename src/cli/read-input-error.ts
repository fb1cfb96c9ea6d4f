import { stat } from "node:fs/promises";
import { access, constants } from "node:fs/promises";

/** Why a path cannot be read as a log, in one line, or null when it can. */
export async function describeUnreadable(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return `${path}: is a directory, not a log file`;
    await access(path, constants.R_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `${path}: no such file`;
    if (code === "EACCES" || code === "EPERM") return `${path}: permission denied`;
    return `${path}: cannot read (${code ?? (error as Error).message})`;
  }
}
