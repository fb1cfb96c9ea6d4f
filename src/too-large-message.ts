/** Bytes as whole MiB, as the messages below print them. */
export function mib(bytes: number): number {
  return Math.round(bytes / 1048576);
}

/**
 * The one line a run ends with when the log does not fit in the process's memory, whichever
 * thread ran out (the timeline's heap guard, the reading thread): `what` says where reading got;
 * the advice is the same, with twice the heap limit (`limitBytes`) to try, at least 8 GiB.
 */
export function tooLargeForMemory(what: string, limitBytes: number): string {
  return (
    `the log is too large for this process's memory: ${what}; ` +
    `analyze a part of it (--from/--to, or fewer files) or give node more (NODE_OPTIONS=--max-old-space-size=${Math.max(mib(limitBytes) * 2, 8192)})`
  );
}
