import assert from "node:assert/strict";
import { test } from "node:test";
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
  fc.assert(
    fc.property(lines, hashes, (texts, hashOf) => {
      const [recent, reference] = [new RecentLines(), new ReferenceRecentLines()];
      texts.forEach((text, i) => assert.equal(recent.findRepeat(text, hashOf(text), i + 1), reference.findRepeat(text, i + 1), `line ${i + 1}`));
    }),
    { numRuns: 60 },
  );
});

test("a line repeated just inside the window is found; just outside it is not", () => {
  const recent = new RecentLines();
  const find = (text: string, line: number) => recent.findRepeat(text, hashText(text), line);
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
      let line = 0;
      const both = (text: string) => {
        line++;
        const found = recent.findRepeat(text, hashText(text), line);
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
    const texts = ["a", "b", "c", "d", "e"].map((c) => c.repeat((1 << 20) + extra));
    const order = [0, 1, 2, 3, 0, 4, 1, 0, 2, 3, 4, 0];
    order.forEach((t, i) => assert.equal(recent.findRepeat(texts[t]!, hashText(texts[t]!), i + 1), reference.findRepeat(texts[t]!, i + 1), `${extra}: line ${i + 1}`));
  }
});
