// Deterministic randomness for the generated logs (bench/generate-log.mjs, bench/session-ids.mjs,
// fixtures/generate-captures.mjs): the same seed gives the same file on every machine.

/** mulberry32: small, fast, deterministic; numbers in [0, 1). */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Eight hex digits drawn from `rand`. */
function hex32(rand) {
  const v = (rand() * 4294967296) >>> 0;
  return HEX[v >>> 24] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
}

/** A lower-case version-4 UUID drawn from `rand` (five draws). */
export function uuidFrom(rand) {
  const a = hex32(rand), b = hex32(rand), c = hex32(rand), d = hex32(rand);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${HEX[0x80 | (rand() * 64) | 0]}${c.slice(2, 4)}-${c.slice(4)}${d}`;
}
