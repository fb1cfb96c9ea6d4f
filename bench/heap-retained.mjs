#!/usr/bin/env node
// What holds the memory of a V8 heap snapshot: each object's retained size (what would be freed
// with it), found by the dominator tree, the largest objects first, and under the named classes
// their largest parts, by field.
//   node bench/heap-retained.mjs FILE.heapsnapshot [N=30] [--tree Class,Class]
// Take one with `node --heapsnapshot-signal=SIGUSR2 bin/mcp-forensics analyze …` and `kill -USR2`,
// or v8.writeHeapSnapshot() in a copy of dist. Typed arrays' memory is counted (their backing
// stores are nodes of the snapshot); the memory glibc keeps after a free is not.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const treeAt = args.indexOf("--tree");
const tree = treeAt >= 0 ? args.splice(treeAt, 2)[1].split(",") : [];
const [file, n = "30"] = args;
if (!file) {
  process.stderr.write("usage: node bench/heap-retained.mjs FILE.heapsnapshot [N] [--tree Class,Class]\n");
  process.exit(2);
}

const snapshot = JSON.parse(readFileSync(file, "utf8"));
const meta = snapshot.snapshot.meta;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const { nodes, edges, strings } = snapshot;
const NODE_TYPES = meta.node_types[0];
const EDGE_TYPES = meta.edge_types[0];
const TYPE = meta.node_fields.indexOf("type");
const NAME = meta.node_fields.indexOf("name");
const SIZE = meta.node_fields.indexOf("self_size");
const EDGE_COUNT = meta.node_fields.indexOf("edge_count");
const EDGE_TYPE = meta.edge_fields.indexOf("type");
const TO = meta.edge_fields.indexOf("to_node");
const EDGE_NAME = meta.edge_fields.indexOf("name_or_index");
const WEAK = EDGE_TYPES.indexOf("weak");
const SHORTCUT = EDGE_TYPES.indexOf("shortcut");
const count = nodes.length / NF;

const firstEdge = new Uint32Array(count + 1);
for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * NF + EDGE_COUNT];
const strong = (e) => edges[e * EF + EDGE_TYPE] !== WEAK && edges[e * EF + EDGE_TYPE] !== SHORTCUT;
const target = (e) => edges[e * EF + TO] / NF;

// Predecessors over strong edges, for the dominators.
const predStart = new Uint32Array(count + 1);
for (let i = 0; i < count; i++) for (let e = firstEdge[i]; e < firstEdge[i + 1]; e++) if (strong(e)) predStart[target(e) + 1]++;
for (let i = 0; i < count; i++) predStart[i + 1] += predStart[i];
const preds = new Uint32Array(predStart[count]);
const fill = predStart.slice(0, count);
for (let i = 0; i < count; i++) for (let e = firstEdge[i]; e < firstEdge[i + 1]; e++) if (strong(e)) preds[fill[target(e)]++] = i;

// Post-order from the root (node 0), without recursion.
const order = new Int32Array(count).fill(-1);
const post = [];
const next = new Uint32Array(count);
const seen = new Uint8Array(count);
const stack = [0];
seen[0] = 1;
next[0] = firstEdge[0];
while (stack.length > 0) {
  const v = stack[stack.length - 1];
  let pushed = false;
  while (next[v] < firstEdge[v + 1]) {
    const e = next[v]++;
    if (!strong(e)) continue;
    const w = target(e);
    if (seen[w]) continue;
    seen[w] = 1;
    next[w] = firstEdge[w];
    stack.push(w);
    pushed = true;
    break;
  }
  if (!pushed) {
    stack.pop();
    order[v] = post.length;
    post.push(v);
  }
}

// Dominators by Cooper, Harvey and Kennedy's iteration, in reverse post-order.
const idom = new Int32Array(count).fill(-1);
idom[0] = 0;
const intersect = (a, b) => {
  while (a !== b) {
    while (order[a] < order[b]) a = idom[a];
    while (order[b] < order[a]) b = idom[b];
  }
  return a;
};
for (let changed = true; changed; ) {
  changed = false;
  for (let k = post.length - 2; k >= 0; k--) {
    const v = post[k];
    let dominator = -1;
    for (let p = predStart[v]; p < predStart[v + 1]; p++) {
      const u = preds[p];
      if (!seen[u] || idom[u] === -1) continue;
      dominator = dominator === -1 ? u : intersect(u, dominator);
    }
    if (dominator !== -1 && idom[v] !== dominator) {
      idom[v] = dominator;
      changed = true;
    }
  }
}
const retained = new Float64Array(count);
for (let i = 0; i < count; i++) retained[i] = nodes[i * NF + SIZE];
for (const v of post) if (v !== 0 && idom[v] >= 0) retained[idom[v]] += retained[v];

const MiB = (bytes) => (bytes / 2 ** 20).toFixed(2).padStart(8);
const nameOf = (i) => `${NODE_TYPES[nodes[i * NF + TYPE]]}:${strings[nodes[i * NF + NAME]]}`.slice(0, 80);
let total = 0;
for (let i = 0; i < count; i++) total += nodes[i * NF + SIZE];
console.log(`${count} nodes, ${MiB(total).trim()} MiB in all`);
const objects = [];
for (let i = 1; i < count; i++) if (["object", "closure"].includes(NODE_TYPES[nodes[i * NF + TYPE]])) objects.push(i);
objects.sort((a, b) => retained[b] - retained[a]);
for (const i of objects.slice(0, Number(n))) console.log(`${MiB(retained[i])} MiB  ${nameOf(i)}  (held by ${nameOf(idom[i])})`);

// Under each class asked for (its largest instance), its parts down three levels, by the field that holds them.
const children = new Map();
for (let i = 1; i < count; i++) if (idom[i] >= 0) (children.get(idom[i]) ?? children.set(idom[i], []).get(idom[i])).push(i);
const fieldOf = (from, to) => {
  for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++) {
    if (target(e) !== to) continue;
    const type = EDGE_TYPES[edges[e * EF + EDGE_TYPE]];
    const name = edges[e * EF + EDGE_NAME];
    return type === "element" || type === "hidden" ? `[${name}]` : strings[name];
  }
  return "?";
};
const show = (i, depth) => {
  const parts = (children.get(i) ?? []).filter((k) => retained[k] > 0.2 * 2 ** 20).sort((a, b) => retained[b] - retained[a]);
  for (const k of parts.slice(0, 8)) {
    console.log(`${"  ".repeat(depth)}${MiB(retained[k]).trim()} ${fieldOf(i, k)} ${nameOf(k)}`);
    if (depth < 3) show(k, depth + 1);
  }
};
for (const name of tree) {
  const i = objects.find((o) => strings[nodes[o * NF + NAME]] === name);
  if (i === undefined) {
    console.log(`== ${name}: none`);
    continue;
  }
  console.log(`== ${name} ${MiB(retained[i]).trim()} MiB`);
  show(i, 1);
}
