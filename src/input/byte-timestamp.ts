import { keepWords, matchesWords, wordCount } from "./byte-words-compare.js";
import { parseIsoTimestamp } from "./parse-timestamp.js";

const QUOTE = 0x22;
const ZERO = 0x30;
/** `"YYYY-MM-DDTHH:MM:SS.mmmZ"` with its quotes. */
export const ISO_TIMESTAMP_BYTES = 26;
/**
 * `YYYY-MM-DDTHH:MM:SS`: the part of a timestamp a log's lines share for a second (~105 lines a
 * second in the bench log). Kept by the hour, every line read its minute and second as digits
 * too: reading the 1 GiB events log alone, readIsoTimestamp's self time 120-133 → 87-100 ms
 * (--cpu-prof, two runs each), user CPU median 2.60 → 2.55 s (12 alternating pairs).
 */
const SECOND_BYTES = 19;

/** The last second read, as its bytes. */
const secondWords = new Float64Array(wordCount(SECOND_BYTES));
/** The last second read, its epoch ms (NaN before the first): see readIsoTimestamp. */
export const isoSecond = Float64Array.of(NaN);

/**
 * The ms within its second of the JSON string `"YYYY-MM-DDTHH:MM:SS.mmmZ"` whose opening quote is
 * at `p`, its second's epoch ms left in isoSecond[0] (the timestamp is their sum), or -1 where the
 * bytes are not that. It is what parseIsoTimestamp gives for the text: the same checks as its own
 * quick reading (hour at most 23, minute and second at most 59), and a new second goes through it
 * as text once, then is compared as bytes. Any other timestamp, and a day that does not exist, is
 * -1: parseIsoTimestamp decides those from the text. The sum is not returned: a double returned by
 * a call that is not inlined is a new HeapNumber, one a line (88 MB of the 1 GiB bench log).
 */
export function readIsoTimestamp(bytes: Buffer, view: DataView, p: number, end: number): number {
  const s = p + 1;
  if (p + ISO_TIMESTAMP_BYTES > end || bytes[s + 24] !== QUOTE || bytes[s + 23] !== 0x5a || bytes[s + 19] !== 0x2e) return -1;
  const ms = digits(bytes, s + 20, 3);
  if (ms < 0) return -1;
  if (Number.isNaN(isoSecond[0]) || !matchesWords(view, s, SECOND_BYTES, secondWords, 0)) {
    if (bytes[s + 4] !== 0x2d || bytes[s + 7] !== 0x2d || bytes[s + 10] !== 0x54 || bytes[s + 13] !== 0x3a || bytes[s + 16] !== 0x3a) return -1;
    const hour = digits(bytes, s + 11, 2);
    const minute = digits(bytes, s + 14, 2);
    const second = digits(bytes, s + 17, 2);
    if ((digits(bytes, s, 4) | digits(bytes, s + 5, 2) | digits(bytes, s + 8, 2) | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) return -1;
    const whole = parseIsoTimestamp(bytes.toString("latin1", s, s + 24));
    if (whole === null) return -1;
    keepWords(view, s, SECOND_BYTES, secondWords, 0);
    isoSecond[0] = whole - ms;
  }
  return ms;
}

/** The number of `count` ASCII digits at `from`; negative when one is not a digit. */
function digits(bytes: Buffer, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = bytes[i]! - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
