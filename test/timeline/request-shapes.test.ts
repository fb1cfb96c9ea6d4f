import assert from "node:assert/strict";
import { test } from "node:test";
import { Interner, NULL_CODE } from "../../src/timeline/interner.js";
import { RequestTable } from "../../src/timeline/records.js";
import { ANSWERED, FAR, INFERRED, INITIALIZE, KNOWN_KIND, NO_STATUS, putShape, RequestShapes, type ShapeColumn, timingOf } from "../../src/timeline/request-shapes.js";

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
  assert.equal(shapes.answered(0, 200, 0, 0), 2);
  // Not logged: the status is left as it was, the shape marked.
  const unlogged = shapes.answered(2, null, 0, 0);
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

test("a response's distances from its request are a shape's while whole and below 16, else FAR", () => {
  const cases: [number, number, number][] = [
    [100, 100, 0],
    [100, 115, 15],
    [100, 116, FAR],
    [100, 99, FAR],
    [100, 101.5, FAR],
    [0.5, 3.5, 3],
    [0, -0, FAR],
    [Number.NaN, 3, FAR],
    [2 ** 53, 2 ** 53 + 2, 2],
    [1e300, 1e300, 0],
  ];
  for (const [base, value, distance] of cases) assert.equal(timingOf(base, value), distance, `${base} → ${value}`);
});

test("past 128 shapes, a new combination is made with FAR distances; those already made are found", () => {
  const strings = new Interner();
  const shapes = new RequestShapes(strings);
  const post = strings.code("POST");
  const asked = shapes.shapeOf(post, NULL_CODE, KNOWN_KIND, 0);
  for (let status = 0; shapes.length < 128; status++) shapes.answered(asked, 200 + status, 1, 3);
  const made = shapes.answered(asked, 200, 1, 3);
  assert.deepEqual([shapes.responseSeq[made], shapes.responseAt[made], shapes.status[made]], [1, 3, 200]);
  const crowded = shapes.answered(asked, 200, 2, 3);
  assert.deepEqual([shapes.responseSeq[crowded], shapes.responseAt[crowded], shapes.status[crowded], shapes.flags[crowded]], [FAR, FAR, 200, KNOWN_KIND | ANSWERED]);
  assert.equal(shapes.answered(asked, 200, 5, 9), crowded);
  assert.equal(shapes.answered(asked, 200, FAR, 9), crowded);
});

test("responses near and far from their requests read back theirs, in blocks whose shapes are crowded or not", () => {
  const table = new RequestTable();
  const code = (value: string | null) => table.strings.code(value);
  // Statuses past the first block crowd the shapes: the later rows' distances go to the columns.
  const status = (i: number) => (i < 16_384 ? 200 : 200 + (i % 400));
  const responseSeq = (i: number) => 10 * i + (i % 7 === 0 ? 300 : i % 20);
  const responseAt = (i: number) => 1000 * i + (i % 11 === 0 ? 70_000.25 : i % 3 === 0 ? -1 : i % 17);
  for (let i = 0; i < 40_000; i++) {
    const request = table.record(table.add(10 * i, 1000 * i, i + 1, code("f"), code("c"), code("POST"), code("tools/call"), NULL_CODE, false, 0, NULL_CODE));
    if (i % 6 !== 5) request.answer(responseSeq(i), responseAt(i), i + 2, code("f"), NULL_CODE, status(i), NULL_CODE);
  }
  const blocks = (table as unknown as { blocks: { responseSeq: unknown; responseAt: unknown }[] }).blocks;
  assert.deepEqual(
    blocks.map((block) => [block.responseSeq !== null, block.responseAt !== null]),
    [
      [true, true],
      [true, true],
      [true, true],
    ],
  );
  const responses = table.responseCursor();
  for (let i = 0; i < 40_000; i++) {
    const answered = i % 6 !== 5;
    assert.deepEqual([table.responseSeqOf(i), table.record(i).responseSeq], [answered ? responseSeq(i) : -1, answered ? responseSeq(i) : -1], `request ${i}`);
    if (answered) assert.deepEqual([responses.moveTo(i).seq, responses.at, responses.status], [responseSeq(i), responseAt(i), status(i)], `response ${i}`);
  }
});

test("a block whose responses all come near keeps no distance column", () => {
  const table = new RequestTable();
  const code = (value: string | null) => table.strings.code(value);
  for (let i = 0; i < 20_000; i++) table.record(table.add(3 * i, 5 * i, i + 1, code("f"), code("c"), code("POST"), NULL_CODE, NULL_CODE, null, 0, NULL_CODE)).answer(3 * i + 1 + (i % 2), 5 * i + (i % 7), i + 2, code("f"), NULL_CODE, 200, NULL_CODE);
  const blocks = (table as unknown as { blocks: { responseSeq: unknown; responseAt: unknown }[] }).blocks;
  assert.deepEqual(blocks.map((block) => [block.responseSeq, block.responseAt]), [[null, null], [null, null]]);
  const responses = table.responseCursor();
  for (let i = 0; i < 20_000; i++) assert.deepEqual([responses.moveTo(i).seq, responses.at], [3 * i + 1 + (i % 2), 5 * i + (i % 7)]);
});

test("answering a shape gives what a lookup of its parts gives, asked again or not, before and after the table crowds", () => {
  const strings = new Interner();
  const shapes = new RequestShapes(strings);
  const [post, call, del] = [strings.code("POST"), strings.code("tools/call"), strings.code("DELETE")];
  const statuses = [200, 202, -0, 0, 404, 200.5, null];
  const asked: [number, number | null, number, number][] = [];
  for (let i = 0; i < 3_000; i++) {
    const shape = shapes.shapeOf(i % 5 === 0 ? del : post, strings.code(`m${i % 40}`), i % 3 === 0 ? KNOWN_KIND : KNOWN_KIND | INITIALIZE, 0);
    asked.push([shape, statuses[i % statuses.length]!, (i * 7) % 17 === 16 ? FAR : (i * 7) % 17, i % 16]);
  }
  for (const [shape, status, seq, at] of [...asked, ...asked]) {
    const answered = shapes.answered(shape, status, seq, at);
    const flags = shapes.flags[shape]! | ANSWERED | (status === null ? NO_STATUS : 0);
    // The answered shape's parts are the request's, the status (kept when not logged) and the distances, FAR once crowded.
    assert.deepEqual(
      [shapes.httpMethod[answered], shapes.rpcMethod[answered], shapes.flags[answered], Object.is(shapes.status[answered], status ?? shapes.status[shape])],
      [shapes.httpMethod[shape], shapes.rpcMethod[shape], flags, true],
    );
    const far = shapes.responseSeq[answered] === FAR && shapes.responseAt[answered] === FAR;
    assert.ok(far || (shapes.responseSeq[answered] === seq && shapes.responseAt[answered] === at));
  }
  // A shape added since an answer (here by withFlags, past the crowding) is found by the next one asked the same.
  const request = shapes.shapeOf(post, call, KNOWN_KIND | INITIALIZE | INFERRED, 0);
  const crowded = shapes.answered(request, 200, 1, 2);
  assert.deepEqual([shapes.responseSeq[crowded], shapes.responseAt[crowded]], [FAR, FAR]);
  const answeredBefore = shapes.shapeOf(post, call, KNOWN_KIND | ANSWERED, 200, 1, 2);
  const added = shapes.withFlags(answeredBefore, INITIALIZE | INFERRED);
  assert.equal(shapes.answered(request, 200, 1, 2), added);
});
