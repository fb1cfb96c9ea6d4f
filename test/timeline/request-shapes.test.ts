import assert from "node:assert/strict";
import { test } from "node:test";
import { Interner, NULL_CODE } from "../../src/timeline/interner.js";
import { RequestTable } from "../../src/timeline/records.js";
import { ANSWERED, INFERRED, INITIALIZE, KNOWN_KIND, NO_STATUS, putShape, RequestShapes, type ShapeColumn } from "../../src/timeline/request-shapes.js";

test("a shape is numbered once for its parts, statuses compared as the numbers they are", () => {
  const strings = new Interner();
  const shapes = new RequestShapes(strings);
  const [get, post, call] = [strings.code("GET"), strings.code("POST"), strings.code("tools/call")];
  const parts: [number, number, number, number][] = [
    [post, call, KNOWN_KIND, 0],
    [get, NULL_CODE, 0, 0],
    [post, call, KNOWN_KIND | ANSWERED, 200],
    [post, call, KNOWN_KIND | ANSWERED, 200.5],
    [post, call, KNOWN_KIND | ANSWERED, -0],
    [post, call, KNOWN_KIND | ANSWERED, 0],
    [post, call, KNOWN_KIND | ANSWERED, 2 ** 40],
  ];
  const numbers = parts.map((p) => shapes.shapeOf(...p));
  assert.deepEqual(numbers, [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(parts.map((p) => shapes.shapeOf(...p)), numbers);
  numbers.forEach((shape, i) => {
    const [httpMethod, rpcMethod, flags, status] = parts[i]!;
    assert.deepEqual([shapes.httpMethod[shape], shapes.rpcMethod[shape], shapes.flags[shape], Object.is(shapes.status[shape], status), shapes.isGet[shape]], [httpMethod, rpcMethod, flags, true, httpMethod === get ? 1 : 0]);
  });
  assert.equal(shapes.withFlags(0, INITIALIZE | INFERRED), shapes.shapeOf(post, call, KNOWN_KIND | INITIALIZE | INFERRED, 0));
  assert.equal(shapes.answered(0, 200), 2);
  // Not logged: the status is left as it was, the shape marked.
  const unlogged = shapes.answered(2, null);
  assert.deepEqual([shapes.flags[unlogged], shapes.status[unlogged]], [KNOWN_KIND | ANSWERED | NO_STATUS, 200]);
});

test("shapes past the table's first room and its rehashes keep their numbers", () => {
  const strings = new Interner();
  const shapes = new RequestShapes(strings);
  const post = strings.code("POST");
  for (let i = 0; i < 5_000; i++) assert.equal(shapes.shapeOf(post, strings.code(`m${i % 50}`), i % 3, 100 + Math.floor(i / 50)), i);
  for (let i = 4_999; i >= 0; i--) assert.equal(shapes.shapeOf(post, strings.code(`m${i % 50}`), i % 3, 100 + Math.floor(i / 50)), i);
  assert.equal(shapes.length, 5_000);
});

test("a shape column takes a byte a row, two from shape 256, four from shape 65,536, and keeps every row", () => {
  const written = [0, 255, 7, 256, 3, 65_535, 65_536, 2 ** 31 - 1, 9];
  let column: ShapeColumn = new Uint8Array(written.length);
  const types = written.map((shape, row) => {
    column = putShape(column, row, shape);
    return column.constructor.name;
  });
  assert.deepEqual(types, ["Uint8Array", "Uint8Array", "Uint8Array", "Uint16Array", "Uint16Array", "Uint16Array", "Int32Array", "Int32Array", "Int32Array"]);
  assert.deepEqual([...column], written);
});

test("requests of 70,000 methods and statuses read back theirs, their blocks' shape columns widened", () => {
  const table = new RequestTable();
  const code = (value: string | null) => table.strings.code(value);
  const status = (i: number) => (i % 10 === 9 ? null : 1000 + i);
  for (let i = 0; i < 70_000; i++) {
    const request = table.record(table.add(i, 1000 + i, i + 1, code("f"), code("c"), code(i % 2 ? "GET" : "POST"), code(`m${i}`), NULL_CODE, i % 3 ? i % 3 === 1 : null, 0, NULL_CODE));
    if (i % 4 !== 3) request.answer(i + 1, 1001 + i, i + 2, code("f"), NULL_CODE, status(i), NULL_CODE);
    if (i % 5 === 0) request.noteClaimed();
  }
  const blocks = (table as unknown as { blocks: { shape: ShapeColumn }[] }).blocks;
  assert.deepEqual(
    blocks.map((block) => block.shape.constructor.name),
    // Two shapes a request (as added, as answered) but for the unanswered: past 65,536 in the third block.
    ["Uint16Array", "Uint16Array", "Int32Array", "Int32Array", "Int32Array"],
  );
  const cursor = table.cursor();
  for (let i = 0; i < 70_000; i++) {
    const r = cursor.moveTo(i);
    const answered = i % 4 !== 3;
    assert.deepEqual(
      [r.httpMethod, r.rpcMethod, r.isInitialize, r.hasResponse, r.responseStatus, r.response?.status ?? null, r.claimed, table.isGetOf(i), table.hasResponseOf(i), table.isClaimedOf(i), table.isInitializeOf(i)],
      [i % 2 ? "GET" : "POST", `m${i}`, i % 3 ? i % 3 === 1 : null, answered, answered ? status(i) : null, answered ? status(i) : null, i % 5 === 0, i % 2 === 1, answered, i % 5 === 0, i % 3 === 1],
      `request ${i}`,
    );
  }
});
