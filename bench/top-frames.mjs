#!/usr/bin/env node
// Prints the top self-time frames of a V8 .cpuprofile (node --cpu-prof).
//   node bench/top-frames.mjs FILE.cpuprofile [N=10] [--by-file]
// --by-file sums self time per source file (node_modules collapsed to the package).
import { readFileSync } from "node:fs";
import { relative } from "node:path";

const byFile = process.argv.includes("--by-file");
const [file, n = "10"] = process.argv.slice(2).filter((a) => a !== "--by-file");
if (!file) {
  process.stderr.write("usage: node bench/top-frames.mjs FILE.cpuprofile [N]\n");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
// Merge nodes of one function (same name, url, line) across call paths.
const frames = new Map();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
  const where = url ? `${url.startsWith("file://") ? relative(process.cwd(), new URL(url).pathname) : url}:${lineNumber + 1}:${columnNumber + 1}` : "";
  let key = `${functionName || "(anonymous)"} ${where}`.trim();
  if (byFile) {
    const path = url.startsWith("file://") ? relative(process.cwd(), new URL(url).pathname) : url || functionName;
    const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    key = pkg ? `node_modules/${pkg[1]}` : path;
  }
  frames.set(key, (frames.get(key) ?? 0) + us);
}
const rows = [...frames].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
console.log("  self ms   self %  frame");
for (const [key, us] of rows) {
  console.log(`${(us / 1000).toFixed(0).padStart(8)}  ${((100 * us) / total).toFixed(1).padStart(6)}%  ${key}`);
}
