import { setFlagsFromString } from "node:v8";

/**
 * While a reading thread reads, V8's young generations stop growing: the analysing thread's new
 * space stays at the 4 MiB it has when the thread is made (8 MiB now and then: see How), and the
 * reading thread's starts at 8 MiB semi-spaces, as large as it ever needs.
 *
 * Why: the analysing thread's young generation grew to two 16 MiB semi-spaces during the fold and
 * kept them through the fold's finish and the tail, where the run's peak is: 31-32 MiB of the 1 GiB
 * events log's peak RSS (v8.getHeapSpaceStatistics' new_space, physical, at the peak). Kept small,
 * that thread collects its young objects more often and promotes more of them, but it has time to
 * spare while the reading thread bounds the run. One run each (/usr/bin/time): 1 GiB events wall
 * 4.89 → 4.69 s, user 7.30 → 7.18 s, peak RSS 337 → 301 MB; pino 1 GiB 3.79 → 3.71 s, 250 → 229 MB.
 * A thread that reads needs its young generation to grow: held small, the strings of the batches
 * being read live long enough to be promoted. So the reading thread keeps 8 MiB, and nothing is
 * held while the analysing thread reads a file itself (one under READING_THREAD_MIN_BYTES as
 * stored, standard input): held then, the 100 MiB events log gzipped (12 MB stored, read inline)
 * took 1.21 → 1.70 s, 4 alternating pairs.
 *
 * How: V8 reads the growth factor at each growth, in every thread of the process, and the minimum
 * semi-space when it makes a thread's heap; making one also raises a factor below 2 back to 2
 * (Heap::ConfigureHeap), so the factor is set when a reading thread is made and again as soon as
 * it runs, its heap made (its 'online' event, read-in-worker.ts). In the moment between, the
 * analysing thread's new space may grow once, to 8 MiB (1 run in 8 here); set by the thread itself
 * after its modules had loaded, the window was longer. No command-line flag is needed (a user's
 * `node` or `npx` starts the CLI). V8 has defined both flags for years (flag-definitions.h), so
 * setting them prints nothing; a V8 that refuses a factor below 2 grows as before, and so does a
 * node given a smaller --max-semi-space-size (the minimum never exceeds it). Only the CLI's analyze
 * asks for this: the process is then the CLI's own, where a library must not change its host's
 * collector.
 *
 * 8 MiB, not the 16 first measured: the thread reads events from their bytes now (events-bytes.ts,
 * pino-bytes.ts) and makes few strings, and the walk, which the thread's heap is part of, sets the
 * peak of the big logs since the lists after the fold left memory. Interleaved runs: no time told
 * apart at 1 GiB (3 pairs, 7.73-8.05 s against 7.91-7.98), 4 GiB (2 pairs) or 100 MiB; some 1-3 %
 * of the gzipped 1 GiB log's (5 pairs, fastest 8.36 against 8.44 s), which the thread bounds; 8-10
 * MB off the 1 GiB log's peak RSS and 13.7 MiB off the 8 GiB log's (267,100 → 253,440 KiB).
 */
export const READING_THREAD_SEMI_SPACE_MIB = 8;

let sized = false;

/** The CLI calls it before it loads the analysis, and so before any reading thread is made. */
export function sizeYoungGenerations(): void {
  setFlagsFromString(`--min-semi-space-size=${READING_THREAD_SEMI_SPACE_MIB}`);
  sized = true;
}

/** Whether sizeYoungGenerations was called in this process: a reading thread is then told to hold the young generations. */
export function youngGenerationsSized(): boolean {
  return sized;
}

/** Young generations no longer grow past their size, in every thread of the process: called as a reading thread is made, and once it runs. */
export function holdYoungGenerations(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}
