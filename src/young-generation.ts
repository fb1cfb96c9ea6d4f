import { setFlagsFromString } from "node:v8";

/**
 * The analysing thread keeps V8's young generation at its starting size (two 1 MiB semi-spaces);
 * a reading thread starts at the size it would grow to anyway (two 16 MiB ones).
 *
 * Why: the analysing thread's young generation grew to two 16 MiB semi-spaces during the fold and
 * kept them through the fold's finish and the tail, where the run's peak is: 31-32 MiB of the 1 GiB
 * events log's peak RSS (v8.getHeapSpaceStatistics' new_space, physical, at the peak). Kept small,
 * that thread collects its young objects more often and promotes more of them, but it has time to
 * spare while the reading thread bounds the run. One run each (/usr/bin/time): 1 GiB events wall
 * 4.89 → 4.69 s, user 7.30 → 7.18 s, peak RSS 337 → 301 MB; pino 1 GiB 3.79 → 3.71 s, 250 → 229 MB.
 * The small young generation in the reading thread too cost up to a quarter more time (its strings
 * then live long enough to be promoted), and that thread bounds an events run: it keeps 16 MiB.
 *
 * How: V8 reads the growth factor at each growth, in every thread of the process, and the minimum
 * semi-space when it makes a thread's heap; making one also raises a factor below 2 back to 2
 * (Heap::ConfigureHeap), so a reading thread holds it again once started (read-worker.ts). No
 * command-line flag is needed (a user's `node` or `npx` starts the CLI). V8 has defined both flags
 * for years (flag-definitions.h), so setting them prints nothing; a V8 that refuses a factor below
 * 2 grows as before, and so does a node given a smaller --max-semi-space-size (the minimum never
 * exceeds it). Only the CLI's analyze sets them: the process is then the CLI's own, where a library
 * must not change its host's collector.
 */
export const READING_THREAD_SEMI_SPACE_MIB = 16;

let held = false;

/** Sizes both generations; the CLI calls it before it loads the analysis, and so before any reading thread. */
export function sizeYoungGenerations(): void {
  setFlagsFromString(`--min-semi-space-size=${READING_THREAD_SEMI_SPACE_MIB}`);
  holdYoungGeneration();
}

/** Whether sizeYoungGenerations was called in this process: a reading thread is then told to hold it again. */
export function youngGenerationHeld(): boolean {
  return held;
}

/** Young generations no longer grow past their size, in every thread of the process. */
export function holdYoungGeneration(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  held = true;
}
