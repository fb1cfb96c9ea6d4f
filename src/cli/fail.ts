import { redactSecrets } from "../redact.js";
import { displayText } from "../render/escape.js";

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Prints one line to stderr and gives the usage exit code. */
export function fail(message: string): number {
  // Messages quote file names and log text: never let their escape sequences reach the terminal.
  process.stderr.write(`mcp-forensics: ${displayText(redactSecrets(message))}\n`);
  return EXIT_USAGE;
}
