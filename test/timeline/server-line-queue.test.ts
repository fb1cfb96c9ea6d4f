import assert from "node:assert/strict";
import { test } from "node:test";
import { Interner } from "../../src/timeline/interner.js";
import { ServerLineQueue } from "../../src/timeline/server-line-queue.js";

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
