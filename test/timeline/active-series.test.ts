import assert from "node:assert/strict";
import { test } from "node:test";
import { downsampleActiveSamples } from "../../src/timeline/active-series.js";
import type { ActiveSample } from "../../src/timeline/model.js";

const sample = (seq: number, at: number, active: number): ActiveSample => ({ seq, at, ref: { file: "f", line: seq + 1 }, active, source: "logged" });

test("downsampleActiveSamples keeps a short series whole", () => {
  const samples = [sample(0, 0, 1), sample(1, 10, 2)];
  assert.deepEqual(downsampleActiveSamples(samples, 5), samples);
});

test("downsampleActiveSamples keeps at most maxPoints, in log order, and the peak survives", () => {
  const samples = Array.from({ length: 10_000 }, (_, i) => sample(i, i * 100, i === 7_777 ? 500 : i % 7));
  const kept = downsampleActiveSamples(samples, 500);
  assert.ok(kept.length <= 500 && kept.length > 400, String(kept.length));
  assert.ok(kept.some((s) => s.active === 500 && s.seq === 7_777));
  assert.deepEqual(kept.map((s) => s.seq), [...kept.map((s) => s.seq)].sort((a, b) => a - b));
});

test("downsampleActiveSamples copes with every sample at one instant", () => {
  const kept = downsampleActiveSamples(Array.from({ length: 50 }, (_, i) => sample(i, 0, i)), 10);
  assert.equal(kept.length, 10);
  assert.equal(Math.max(...kept.map((s) => s.active)), 49);
});
