import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * V8 gives `gc` to contexts made once --expose-gc is set: a context of our own, not the program's
 * global. Node calls flags set after start unsupported, and package.json admits any Node from
 * 20.19: should a later one not give `gc` so, the analysis runs as before, only without this
 * collection (a higher peak), never failing at import.
 */
const gc = exposedGc();

function exposedGc(): (() => void) | null {
  try {
    setFlagsFromString("--expose-gc");
    const found: unknown = runInNewContext("gc");
    if (typeof found === "function") return found as () => void;
  } catch {
    // No `gc` in a new context: see above.
  }
  return null;
}

/**
 * A full collection, where a phase's garbage would lie under the next phase's peak: between the
 * analysis' phases (analyzeLog), and once the analysis is over and only its report is left. The
 * timeline dies when analyzeLog returns, but V8 would collect it only when the old generation
 * next fills: the report's text was built on top of it (the timeline's columns and the tail's
 * garbage), the run's peak. 1 GiB events log, RSS (/proc/PID/smaps every 0.3 s): 495 MB after the
 * report, 355 MB after this collection (56-105 ms: the report alone is live), 393 MB with the JSON
 * written; the peak moves back to the start of the report, after the hypotheses (paired peak RSS
 * with node's default heap 580/584 → 518/541 MB; with --max-old-space-size=4096, which collects
 * later, the start of the report was as high: 552/552 → 555/546 MB). Whether it collected: only
 * then is the heap in use what is alive (checkRoomForReport).
 */
export function collectGarbage(): boolean {
  gc?.();
  return gc !== null;
}

/**
 * Below this much heap and array buffers in use (garbage included), a full collection frees too
 * little to lower the peak and only costs its time: three per run, 7-40 ms each. Paired at 776a718
 * without them, events logs (heap + array buffers at the three points): 1 MiB (~20 MB) user 0.43 →
 * 0.36 s, peak RSS 84 → 87 MB; 10 MiB (~28-36 MB) 1.15 → 1.11 s, 130 MB both; 100 MiB (49-63 MB)
 * 2.20 → 2.08 s, 196 → 200 MB. At 1 GiB (~310 MB) they are what keeps the peak near 500 MB.
 * The bar was 128 MiB until the timeline's columns narrowed: a 1 GiB pino log then held 90-123
 * MiB at the three points, so none collected and the output's text was built on 83 MB of dead
 * columns. At 64 MiB, 4 pairs: peak RSS 211-247 → 184-189 MB; the 1 GiB events log level; the
 * 100 MiB bench logs (23-37 MB in use now) stay under it.
 */
const WORTH_COLLECTING_BYTES = 64 << 20;

/** collectGarbage, where there is enough in use for it to matter (WORTH_COLLECTING_BYTES). */
export function collectLargeGarbage(): void {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  if (heapUsed + arrayBuffers >= WORTH_COLLECTING_BYTES) collectGarbage();
}
