import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatClock,
  formatDistribution,
  formatDuration,
  formatGap,
  formatRef,
  truncateText,
} from "../../src/render/format.js";

test("formatClock prints UTC time truncated to the second", () => {
  assert.equal(formatClock("2026-02-27T08:28:46.995Z"), "08:28:46Z");
  assert.equal(formatClock("2026-02-27T09:28:46+01:00"), "08:28:46Z");
});

test("formatGap matches the seed report's Capture 2 table", () => {
  assert.equal(formatGap(400), "0.4s");
  assert.equal(formatGap(14_600), "14.6s");
  assert.equal(formatGap(138_900), "138.9s (2.3 min)");
  assert.equal(formatGap(301_900), "301.9s (5.0 min)");
  assert.equal(formatGap(368_300), "368.3s (6.1 min)");
});

test("formatGap adds minutes from 60 s and hours from 1 h", () => {
  assert.equal(formatGap(59_900), "59.9s");
  assert.equal(formatGap(60_000), "60.0s (1.0 min)");
  assert.equal(formatGap(59_960), "60.0s (1.0 min)");
  assert.equal(formatGap(4_020_000), "4020.0s (1.1 h)");
});

test("formatDuration picks a human unit", () => {
  assert.equal(formatDuration(195), "195ms");
  assert.equal(formatDuration(14_600), "14.6s");
  assert.equal(formatDuration(1_333_425), "22.2 min");
  assert.equal(formatDuration(5_400_000), "1.5 h");
});

test("formatDistribution summarises range, median, p95 and count", () => {
  const d = { count: 13, min: 125, median: 217, p95: 355, max: 355 };
  assert.equal(formatDistribution(d), "125ms to 355ms (median 217ms, p95 355ms, n=13)");
  assert.equal(formatDistribution({ count: 0, min: null, median: null, p95: null, max: null }), "no data");
});

test("formatRef names the file without its directories", () => {
  assert.equal(formatRef({ file: "/home/a/logs/capture-2.jsonl", line: 12 }), "capture-2.jsonl:12");
  assert.equal(formatRef({ file: "C:\\logs\\x.jsonl", line: 3 }), "x.jsonl:3");
});

test("truncateText keeps short strings and says how much it cut", () => {
  assert.equal(truncateText("abc", 3), "abc");
  assert.equal(truncateText("abcdef", 3), "abc… (+3 chars)");
});
