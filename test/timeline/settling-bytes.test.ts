import assert from "node:assert/strict";
import { test } from "node:test";
import { SettlingBytes } from "../../src/timeline/settling-bytes.js";
import { seededRandom } from "../support/seeded-random.js";

const BLOCK = 16_384;

/** Every place of `bytes` against the model's. */
function assertSame(bytes: SettlingBytes, model: Uint8Array, what: string) {
  assert.equal(bytes.length, model.length, what);
  for (let i = 0; i < model.length; i++) if (bytes.get(i) !== model[i]) assert.fail(`${what}: place ${i} reads ${bytes.get(i)}, was set ${model[i]}`);
}

test("places read what was set while their blocks settle, go compact, and come back dense when many unsettle again", () => {
  const random = seededRandom(38);
  // The sweep's states: 3 and 4 are where a session comes to rest, 1 and 2 its states while alive.
  const bytes = new SettlingBytes(3, 4);
  const model = new Uint8Array(3 * BLOCK + 100);
  const set = (i: number, value: number) => {
    bytes.set(i, value);
    model[i] = value;
  };
  bytes.reach(model.length - 1);
  assertSame(bytes, model, "new");
  // Every place alive, then all but some 1 in 400 settled at either value: every full block goes compact.
  for (let i = 0; i < model.length; i++) set(i, 1 + random.int(2));
  for (let i = 0; i < model.length; i++) if (random.int(400) !== 0) set(i, 3 + random.int(2));
  assert.equal(bytes.compactBlocks, 3);
  // Each a bit a place (2 KB) and room for the 256 places aside it went compact with (3 bytes
  // each); the fourth block, 100 places reached, dense.
  assert.equal(bytes.bytesHeld, 3 * (2048 + 3 * 256) + BLOCK);
  assertSame(bytes, model, "settled");
  // Writes to compact blocks: an alive place settles, a settled one is written the other settled value, one alive changes state.
  for (let k = 0; k < 2000; k++) {
    const i = random.int(3 * BLOCK);
    set(i, model[i]! >= 3 ? 3 + random.int(2) : random.int(3) === 0 ? 1 + random.int(2) : 3 + random.int(2));
  }
  assert.equal(bytes.compactBlocks, 3);
  assertSame(bytes, model, "written while compact");
  // The second block's places unsettle, more than twice the compaction's bound: it is dense again, each place as it was.
  for (let i = BLOCK; i < BLOCK + 600; i++) set(i, 5);
  assert.equal(bytes.compactBlocks, 2);
  assertSame(bytes, model, "dense again");
  // Settled again, it goes compact again.
  for (let i = BLOCK; i < 2 * BLOCK; i++) set(i, 4);
  assert.equal(bytes.compactBlocks, 3);
  assertSame(bytes, model, "compact again");
});

test("with one settled value, a compact block keeps no bits; reach keeps what was set and adds zeros", () => {
  // The live sessions' states: left (2) is where they rest, and a session left may be listed again (3).
  const bytes = new SettlingBytes(2, -1);
  const model = new Uint8Array(BLOCK + 10);
  bytes.reach(BLOCK - 1);
  for (let i = 0; i < BLOCK; i++) bytes.set(i, 1);
  for (let i = 0; i < BLOCK; i++) bytes.set(i, i % 100 === 0 ? 1 : 2);
  for (let i = 0; i < BLOCK; i++) model[i] = i % 100 === 0 ? 1 : 2;
  assert.equal(bytes.compactBlocks, 1);
  // 164 places aside, three bytes each (room for 256), no bits: none holds a second value.
  assert.equal(bytes.bytesHeld, 3 * 256);
  bytes.set(500, 3);
  model[500] = 3;
  bytes.reach(BLOCK + 9);
  assertSame(bytes, model, "reached");
  assert.throws(() => new SettlingBytes(0, 4), /not settled/);
});
