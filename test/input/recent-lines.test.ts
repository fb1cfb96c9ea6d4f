import assert from "node:assert/strict";
import { test } from "node:test";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import fc from "fast-check";
import { hashText } from "../../src/input/line-hash.js";
import { RecentLines } from "../../src/input/recent-lines.js";

/** The window as first written, one Map entry forgotten per line: the definition RecentLines is held to. */
class ReferenceRecentLines {
  private readonly lineOf = new Map<string, number>();
  private readonly order: string[] = [];
  private chars = 0;

  findRepeat(text: string, line: number): number | null {
    const earlier = this.lineOf.get(text);
    if (earlier !== undefined) return earlier;
    this.lineOf.set(text, line);
    this.order.push(text);
    this.chars += text.length;
    while (this.order.length > 1024 || this.chars > 4 << 20) {
      const oldest = this.order.shift()!;
      this.lineOf.delete(oldest);
      this.chars -= oldest.length;
    }
    return null;
  }
}

/** The UTF-8 bytes of a text; the huge texts' are encoded once. */
const encoded = new Map<string, Buffer>();
function utf8(text: string): Buffer {
  if (text.length < 1000) return Buffer.from(text);
  let bytes = encoded.get(text);
  if (bytes === undefined) encoded.set(text, (bytes = Buffer.from(text)));
  return bytes;
}

/** Gives RecentLines each text as UTF-8 bytes in a buffer of its own. */
function ownBuffers(recent: RecentLines) {
  return (text: string, hash: number, line: number): number | null => {
    const bytes = utf8(text);
    return recent.findRepeat(bytes, 0, bytes.length, text.length, hash, line);
  };
}

/**
 * Gives RecentLines the texts as lines of shared chunks of `chunkBytes`, as splitLines cuts
 * them, each after a few bytes of another line, so that chunks are let go of with lines still
 * in the window (see release). A longer line has a chunk of its own.
 */
function sharedChunks(recent: RecentLines, chunkBytes: number) {
  let chunk = Buffer.alloc(0);
  let offset = 0;
  return (text: string, hash: number, line: number): number | null => {
    const bytes = utf8(text);
    if (offset + bytes.length + 3 > chunk.length) {
      chunk = Buffer.alloc(Math.max(chunkBytes, bytes.length + 3));
      offset = 0;
    }
    offset += 3;
    bytes.copy(chunk, offset);
    const found = recent.findRepeat(chunk, offset, offset + bytes.length, text.length, hash, line);
    offset += bytes.length;
    return found;
  };
}

test("repeats are found exactly within the last 1024 lines and 4 Mi characters, as line by line forgetting finds them", () => {
  // A few huge lines make the character bound the one that binds; a small pool makes repeats at every distance.
  const huge = Array.from({ length: 6 }, (_, i) => String(i).repeat(900_000 + i * 150_000));
  const lineText = fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 0, max: 1500 }).map((n) => `line ${n}`) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: huge.length - 1 }).map((i) => huge[i]!) },
  );
  // Or a copy of the line some distance back, often right at the window's edge.
  const back = fc.oneof(fc.integer({ min: 1020, max: 1030 }), fc.integer({ min: 1, max: 3000 }));
  const lines = fc.array(fc.oneof({ weight: 3, arbitrary: lineText }, { weight: 1, arbitrary: back }), { minLength: 1000, maxLength: 5000 }).map((picks) => {
    const texts: string[] = [];
    for (const pick of picks) texts.push(typeof pick === "string" ? pick : (texts[texts.length - pick] ?? "first"));
    return texts;
  });
  // The real hash, or one that puts most lines in one bucket with one hash: texts must decide.
  const hashes = fc.constantFrom(hashText, (text: string) => text.length % 2);
  // Each line in a buffer of its own, or lines sharing chunks let go of while in the window.
  const feeds = fc.constantFrom(ownBuffers, (recent: RecentLines) => sharedChunks(recent, 64), (recent: RecentLines) => sharedChunks(recent, 64 << 10));
  fc.assert(
    fc.property(lines, hashes, feeds, (texts, hashOf, feed) => {
      const [recent, reference] = [new RecentLines(), new ReferenceRecentLines()];
      const find = feed(recent);
      texts.forEach((text, i) => assert.equal(find(text, hashOf(text), i + 1), reference.findRepeat(text, i + 1), `line ${i + 1}`));
    }),
    { numRuns: 60 },
  );
});

test("a line repeated just inside the window is found; just outside it is not", () => {
  const findIn = ownBuffers(new RecentLines());
  const find = (text: string, line: number) => findIn(text, hashText(text), line);
  assert.equal(find("a", 1), null);
  for (let i = 2; i <= 1024; i++) find(`x${i}`, i);
  assert.equal(find("a", 1025), 1, "1023 lines between: inside");
  find("y", 1026);
  assert.equal(find("a", 1027), null, "1024 lines between: outside");
  assert.equal(find("a", 1028), 1027, "remembered again");
});

test("at every distance around the window's edge, and wherever a generation of lines begins, repeats are found as line by line forgetting finds them", () => {
  const befores = [0, 1, 500, ...Array.from({ length: 16 }, (_, i) => 1015 + i), ...Array.from({ length: 16 }, (_, i) => 2040 + i)];
  for (const before of befores) {
    for (let distance = 1020; distance <= 1027; distance++) {
      const [recent, reference] = [new RecentLines(), new ReferenceRecentLines()];
      const find = sharedChunks(recent, 1000);
      let line = 0;
      const both = (text: string) => {
        line++;
        const found = find(text, hashText(text), line);
        assert.equal(found, reference.findRepeat(text, line), `${before} lines, then "a", then ${distance - 1} lines: line ${line}`);
        return found;
      };
      for (let i = 0; i < before; i++) both(`before ${i}`);
      both("a");
      for (let i = 1; i < distance; i++) both(`between ${i}`);
      both("a");
      both("a");
    }
  }
});

test("lines that fill the 4 Mi characters exactly are all kept; one character more forgets the oldest", () => {
  for (const extra of [-1, 0, 1]) {
    const [recent, reference] = [new RecentLines(), new ReferenceRecentLines()];
    const find = ownBuffers(recent);
    // Characters, not bytes, fill the window: "é" is two bytes.
    const texts = ["a", "b", "c", "d", "é"].map((c) => c.repeat((1 << 20) + extra));
    const order = [0, 1, 2, 3, 0, 4, 1, 0, 2, 3, 4, 0];
    order.forEach((t, i) => assert.equal(find(texts[t]!, hashText(texts[t]!), i + 1), reference.findRepeat(texts[t]!, i + 1), `${extra}: line ${i + 1}`));
  }
});

test("a short line does not hold the chunk it was cut from once a line of another chunk comes", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // Buffers are freed by a sweeper of their own, which may lag behind under load: the least of a few looks.
  const retained = async () => {
    let least = Infinity;
    for (let i = 0; i < 5; i++) {
      gc();
      least = Math.min(least, process.memoryUsage().arrayBuffers);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return least;
  };
  const recent = new RecentLines();
  const before = await retained();
  // Each chunk holds one short line and the rest of lines too long to remember (as between them).
  for (let i = 0; i < 300; i++) {
    const chunk = Buffer.allocUnsafeSlow(1 << 20);
    const length = chunk.write(`line ${i}`);
    assert.equal(recent.findRepeat(chunk, 0, length, length, hashText(`line ${i}`), i + 1), null);
  }
  const held = (await retained()) - before;
  assert.ok(held < 32 << 20, `${(held / 2 ** 20).toFixed(1)} MiB held for 300 short lines`);
  const again = Buffer.from("line 299");
  assert.equal(recent.findRepeat(again, 0, again.length, again.length, hashText("line 299"), 301), 300);
});

test("a line that was not UTF-8 repeats a line of the same text, which compares as its UTF-8 encoding", () => {
  const recent = new RecentLines();
  const valid = Buffer.from("a \ufffd b");
  const invalid = Buffer.from([0x61, 0x20, 0xff, 0x20, 0x62]);
  const line = (bytes: Buffer, text: string, invalidUtf8: boolean, n: number) => ({ line: n, text, terminated: true, tooLong: false, invalidUtf8, hash: hashText(text), bytes, start: 0, end: bytes.length });
  assert.equal(recent.findRepeatOf(line(invalid, invalid.toString(), true, 1)), null);
  assert.equal(recent.findRepeatOf(line(valid, valid.toString(), false, 2)), 1);
  assert.equal(recent.findRepeatOf(line(Buffer.from([0x61, 0x20, 0xfe, 0x20, 0x62]), "a \ufffd b", true, 3)), 1);
});
