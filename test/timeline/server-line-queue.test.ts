import assert from "node:assert/strict";
import { test } from "node:test";
import { PACKED } from "../../src/input/event-codec.js";
import { Interner } from "../../src/timeline/interner.js";
import { SERVER_LINE_KINDS, ServerLineQueue } from "../../src/timeline/server-line-queue.js";

test("a ServerLineQueue hands the lines back in the order they came, as its columns grow and move", () => {
  const strings = new Interner();
  const queue = new ServerLineQueue(strings);
  const taken: unknown[] = [];
  const expected: unknown[] = [];
  const takeOne = () => {
    const line = queue.take();
    taken.push([line.kind, line.seq, line.at, { file: strings.string(line.fileCode), line: line.line }, strings.string(line.sessionCode), line.number, line.instance]);
  };
  for (let seq = 0; seq < 20_000; seq++) {
    const line = [seq % 3 === 0 ? "stream-closed" : "session-created", seq, 1_772_409_600_000 + seq, { file: `f${seq % 2}`, line: seq + 1 }, seq % 5 === 0 ? null : `s${seq % 7}`, seq % 4 === 0 ? null : seq, seq % 6 === 0 ? "i" : null] as const;
    queue.push(line[0], line[1], line[2], line[3].line, strings.code(line[3].file), strings.code(line[4]), line[5] ?? Number.NaN, strings.code(line[6]));
    expected.push(line);
    // Taking less than comes in lets the waiting rows both move to the front and outgrow the columns.
    if (seq % 3 !== 0) takeOne();
  }
  while (queue.nextSeq() !== Infinity) takeOne();
  assert.deepEqual(taken, expected);
});

test("a line pushed with its kind's number reads back as one pushed with the kind", () => {
  const strings = new Interner();
  const [byKind, byNumber] = [new ServerLineQueue(strings), new ServerLineQueue(strings)];
  const nums = new Float64Array(PACKED.NUMS);
  for (let seq = 0; seq < 100; seq++) {
    const kind = SERVER_LINE_KINDS[seq % SERVER_LINE_KINDS.length]!;
    const parts = [seq, 1_772_409_600_000 + seq, seq + 1, strings.code("f"), strings.code(`s${seq % 3}`), seq % 4 === 0 ? Number.NaN : seq, strings.code(seq % 2 ? null : "i")] as const;
    byKind.push(kind, ...parts);
    [nums[PACKED.at], nums[PACKED.line], nums[PACKED.number]] = [parts[1], parts[2], parts[5]];
    byNumber.pushPacked(SERVER_LINE_KINDS.indexOf(kind), seq, nums, 0, parts[3], parts[4], parts[6]);
  }
  const read = (queue: ServerLineQueue) => {
    const { kind, seq, at, line, fileCode, sessionCode, number, instance, instanceCode } = queue.take();
    return [kind, seq, at, line, fileCode, sessionCode, number, instance, instanceCode];
  };
  for (let seq = 0; seq < 100; seq++) assert.deepEqual(read(byNumber), read(byKind), `line ${seq}`);
  assert.equal(byNumber.nextSeq(), Infinity);
});

test("a line pushed with its numbers in a packed batch's reads back as one pushed with them", () => {
  const strings = new Interner();
  const [byValue, packed] = [new ServerLineQueue(strings), new ServerLineQueue(strings)];
  // Numbers a copy through another type would change: -0, NaN (not logged), fractions, past 2^53.
  const numbers = [0, -0, Number.NaN, 0.5, 2 ** 53 + 2, -1, 1_772_409_600_000.25];
  const nums = new Float64Array(PACKED.NUMS * 100);
  for (let seq = 0; seq < 100; seq++) {
    const kind = seq % SERVER_LINE_KINDS.length;
    const [at, line, number] = [numbers[seq % 7]!, numbers[(seq + 3) % 7]!, numbers[(seq + 5) % 7]!];
    const n = seq * PACKED.NUMS;
    nums[n + PACKED.at] = at;
    nums[n + PACKED.line] = line;
    nums[n + PACKED.number] = number;
    const codes = [strings.code("f"), strings.code(`s${seq % 3}`), strings.code(seq % 2 ? null : "i")] as const;
    byValue.push(SERVER_LINE_KINDS[kind]!, seq, at, line, codes[0], codes[1], number, codes[2]);
    packed.pushPacked(kind, seq, nums, n, ...codes);
  }
  const read = (queue: ServerLineQueue) => {
    const { kind, seq, at, line, fileCode, sessionCode, number, instance, instanceCode } = queue.take();
    return [kind, seq, at, line, fileCode, sessionCode, number, instance, instanceCode];
  };
  for (let seq = 0; seq < 100; seq++) {
    const line = read(packed);
    assert.deepEqual(line, read(byValue), `line ${seq}`);
    assert.ok(Object.is(line[2], numbers[seq % 7]) && Object.is(line[3], numbers[(seq + 3) % 7]), `line ${seq}`);
  }
});
