import assert from "node:assert/strict";
import { test } from "node:test";
import { ActiveSamples, downsampleActiveSamples, SampleColumn } from "../../src/timeline/active-series.js";

const REF = { file: "f", line: 1 };

/** `counts[i]` at time `times[i]`, logged, at log positions 0, 1, 2, … */
function loggedSamples(times: readonly number[], counts: readonly number[]): ActiveSamples {
  const samples = new ActiveSamples();
  times.forEach((at, i) => samples.sample(i, at, REF, counts[i]!, "logged"));
  return samples;
}

test("downsampleActiveSamples keeps a short series whole", () => {
  assert.deepEqual(downsampleActiveSamples(loggedSamples([0, 10], [1, 2]).chosen, 5), [0, 1]);
});

test("downsampleActiveSamples keeps at most maxPoints, in log order, and the peak survives", () => {
  const samples = loggedSamples(Array.from({ length: 10_000 }, (_, i) => i * 100), Array.from({ length: 10_000 }, (_, i) => (i === 7_777 ? 500 : i % 7)));
  const kept = downsampleActiveSamples(samples.chosen, 500);
  assert.ok(kept.length <= 500 && kept.length > 400, String(kept.length));
  assert.ok(kept.includes(7_777));
  assert.deepEqual(kept, [...kept].sort((a, b) => a - b));
});

test("downsampleActiveSamples copes with every sample at one instant", () => {
  const samples = loggedSamples(new Array<number>(50).fill(0), Array.from({ length: 50 }, (_, i) => i));
  const kept = downsampleActiveSamples(samples.chosen, 10);
  assert.equal(kept.length, 10);
  assert.equal(Math.max(...kept.map((i) => samples.chosen.activeAt(i))), 49);
});

test("the logged samples, once one came, else the counted ones; counted counts are looked up by log position", () => {
  const samples = new ActiveSamples();
  for (const [seq, active] of [[3, 1], [8, 2], [9, 1]] as const) samples.sample(seq, seq * 1000, REF, active, "counted");
  assert.deepEqual([samples.source, samples.chosen.length, samples.peak], ["counted", 3, 2]);
  assert.deepEqual([0, 3, 4, 9, 10].map((seq) => samples.countedFrom(seq)), [1, 1, 2, 1, undefined]);
  samples.sample(12, 12_000, REF, 7, "logged");
  assert.deepEqual([samples.source, samples.chosen.length, samples.peak, samples.countedFrom(0)], ["logged", 1, 7, undefined]);
});

test("counts come back as they were logged, a small whole number or not", () => {
  const counts = [3, 40_000, 2.5, -0, Number.NaN, 2 ** 40, 7];
  for (let from = 0; from < counts.length; from++) {
    const samples = new ActiveSamples();
    const logged = [...counts.slice(from), 1];
    logged.forEach((active, i) => samples.sample(i, 1000 + i, REF, active, "logged"));
    const column = samples.chosen;
    assert.equal(column.length, logged.length);
    logged.forEach((active, i) => assert.ok(Object.is(column.activeAt(i), active), `${active} read back as ${column.activeAt(i)}`));
    assert.deepEqual(logged.map((_, i) => column.timeAt(i)), logged.map((_, i) => 1000 + i));
  }
});

test("times and log positions come back as they were, over blocks of samples, whatever their steps and kinds", () => {
  let seed = 5;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const odd = [Number.NaN, -0, 0.5, Number.POSITIVE_INFINITY, -1e300, 2 ** 53 + 2];
  for (const kind of ["logged", "counted"] as const) {
    const samples = new ActiveSamples();
    const times: number[] = [];
    const seqs: number[] = [];
    let t = 1_772_000_000_000;
    let seq = 0;
    for (let i = 0; i < 10_000; i++) {
      // Mostly small steps; now and then a step back, a gap past two bytes' or four bytes' reach, or an odd time.
      const roll = random();
      t += roll < 0.01 ? 40_000 : roll < 0.012 ? 3e9 : roll < 0.05 ? -200 : Math.floor(random() * 30);
      const at = roll > 0.998 ? odd[Math.floor(random() * odd.length)]! : t;
      // Log positions only grow, by a few lines or, now and then, past two and four bytes' reach.
      seq += roll < 0.01 ? 40_000 : roll < 0.012 ? 5e9 : 1 + Math.floor(random() * 30);
      times.push(at);
      seqs.push(seq);
      samples.sample(seq, at, REF, i % 5, kind);
    }
    const column = samples.chosen;
    assert.equal(column.length, times.length);
    times.forEach((at, i) => assert.ok(Object.is(column.timeAt(i), at), `${kind} ${i}: ${at} read back as ${column.timeAt(i)}`));
    if (kind === "logged") continue;
    seqs.forEach((seq, i) => {
      assert.equal(column.seqAt(i), seq, `seq ${i}`);
      assert.equal(samples.countedFrom(seq), i % 5, `counted from ${seq}`);
      const after = i === 0 ? 0 : seqs[i - 1]! + 1;
      assert.equal(samples.countedFrom(after), i % 5, `counted from ${after}`);
    });
    assert.equal(samples.countedFrom(seq + 1), undefined);
  }
});

/** The definition: a Map of each bucket's highest sample (the first of equals), its samples in log order. */
function downsampleByMap(at: readonly number[], active: readonly number[], maxPoints: number): number[] {
  const n = at.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const span = at[n - 1]! - at[0]!;
  const buckets = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const bucket = Math.min(maxPoints - 1, Math.floor((span > 0 ? (at[i]! - at[0]!) / span : i / n) * maxPoints));
    const kept = buckets.get(bucket);
    if (kept === undefined || active[i]! > active[kept]!) buckets.set(bucket, i);
  }
  return [...buckets.values()].sort((a, b) => a - b);
}

test("downsampleActiveSamples keeps what a Map of buckets keeps, samples timed before the first or after the last included", () => {
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 300; round++) {
    const n = 1 + Math.floor(random() * 200);
    const times: number[] = [];
    let t = 1_772_000_000_000;
    for (let i = 0; i < n; i++) times.push((t += Math.floor(random() * 50) - (random() < 0.2 ? 80 : 0)));
    const counts = Array.from({ length: n }, () => Math.floor(random() * 10));
    const maxPoints = 1 + Math.floor(random() * 30);
    const samples = loggedSamples(times, counts);
    assert.deepEqual(downsampleActiveSamples(samples.chosen, maxPoints), downsampleByMap(times, counts, maxPoints), `round ${round}`);
  }
});

test("counts over many blocks, one block widened by a count it cannot hold, read back as they were", () => {
  for (const odd of [70_000, 0.25, -0, Number.NaN]) {
    const samples = new ActiveSamples();
    const counts = Array.from({ length: 13_000 }, (_, i) => (i === 9_000 ? odd : (i * 7) % 300));
    counts.forEach((active, i) => samples.sample(2 * i, 1000 + i, REF, active, "counted"));
    const column = samples.chosen;
    counts.forEach((active, i) => assert.ok(Object.is(column.activeAt(i), active), `${i}: ${active}`));
    // A sample after the column was read: it is read too.
    samples.sample(26_000, 20_000, REF, 5, "counted");
    counts.push(5);
    assert.equal(column.length, counts.length);
    counts.forEach((count, i) => assert.ok(Object.is(column.activeAt(i), count), `${i}: ${count} read back as ${column.activeAt(i)}`));
    assert.ok(Object.is(samples.countedFrom(2 * 9_000 - 1), odd));
    assert.equal(samples.countedFrom(2 * 12_999 + 1), 5);
  }
});

test("samples past the blocks kept in memory leave it and come back as they were: the series, the peak and the counted counts", () => {
  const kept = SampleColumn.residentBlocks;
  SampleColumn.residentBlocks = 2;
  try {
    let seed = 23;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const kind of ["logged", "counted"] as const) {
      const samples = new ActiveSamples();
      const times: number[] = [];
      const counts: number[] = [];
      const seqs: number[] = [];
      let t = 1_772_000_000_000;
      let seq = 0;
      // Ten blocks of 4,096, a count past two bytes' reach in the fourth, a time step back now and then.
      for (let i = 0; i < 40_000; i++) {
        t += Math.floor(random() * 40) - (random() < 0.05 ? 60 : 0);
        seq += 1 + Math.floor(random() * 5);
        const active = i === 14_000 ? 100_000 : Math.floor(random() * 3_000);
        times.push(t);
        counts.push(active);
        seqs.push(seq);
        samples.sample(seq, t, REF, active, kind);
      }
      const column = samples.chosen;
      assert.ok(column.spilledBlocks >= 7, `${kind}: ${column.spilledBlocks} blocks spilled`);
      assert.equal(samples.peak, 100_000);
      // The series reads the samples once, in order: each spilled block back once.
      const before = column.blocksReadBack;
      assert.deepEqual(downsampleActiveSamples(column, 500), downsampleByMap(times, counts, 500), kind);
      assert.ok(column.blocksReadBack - before <= 10, `${kind}: the series read ${column.blocksReadBack - before} blocks back`);
      times.forEach((at, i) => assert.ok(Object.is(column.timeAt(i), at) && Object.is(column.activeAt(i), counts[i]), `${kind} ${i}`));
      if (kind === "logged") continue;
      // The report asks the counted counts in the sessions' order of creation, which is the log's.
      const readBefore = column.blocksReadBack;
      for (let i = 0; i < seqs.length; i += 97) {
        // The sample's own position, or the one just past the sample before it.
        const from = i % 2 === 0 ? seqs[i]! : seqs[i - 1]! + 1;
        assert.equal(samples.countedFrom(from), counts[i], `counted from ${from}`);
      }
      assert.ok(column.blocksReadBack - readBefore <= 12, `countedFrom read ${column.blocksReadBack - readBefore} blocks back`);
      assert.equal(samples.countedFrom(seq + 1), undefined);
    }
  } finally {
    SampleColumn.residentBlocks = kept;
  }
});
