import type { ActiveSample } from "./model.js";

/** Enough for any picture we draw, small enough for the JSON report of a week-long log. */
export const MAX_SERIES_POINTS = 500;

/**
 * At most `maxPoints` samples: the time span cut into equal buckets, each keeping its highest
 * sample (the first of equals), so the peak a report quotes is always in the picture.
 */
export function downsampleActiveSamples(samples: readonly ActiveSample[], maxPoints = MAX_SERIES_POINTS): ActiveSample[] {
  if (samples.length <= maxPoints) return [...samples];
  const first = samples[0]!.at;
  const span = samples[samples.length - 1]!.at - first;
  const buckets = new Map<number, ActiveSample>();
  // An index, not entries(): a pair per sample was 6.9 MB of the 100 MiB bench log's tail.
  for (let index = 0; index < samples.length; index++) {
    const sample = samples[index]!;
    // A zero span (every sample at one instant) falls back to equal counts per bucket.
    const position = span > 0 ? (sample.at - first) / span : index / samples.length;
    const bucket = Math.min(maxPoints - 1, Math.floor(position * maxPoints));
    const kept = buckets.get(bucket);
    if (!kept || sample.active > kept.active) buckets.set(bucket, sample);
  }
  return [...buckets.values()].sort((a, b) => a.seq - b.seq);
}
