/**
 * Credentials never leave the tool: not in a report of any format, not in a diagnostic. Log text
 * reaches the report through user agents, addresses, session ids and skip reasons that quote a
 * line, so every string of the report passes through here once (see buildReport).
 */

export const REDACTED = "[redacted]";

/** Headers whose value is a credential, for the recorder and for log text alike. */
export const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"] as const;

// `authorization: Basic …`, `"cookie":"a=b; c=d"`, `x-api-key=…`, also inside JSON quoted in a
// reason (`\"cookie\":\"…\"`): the header's name, then its value up to a quote, the end of the
// text, or a character that closes a JSON or HTML value. Over-redacting is the safe side.
const NAME = "(?:proxy-authorization|authorization|set-cookie|cookie|x[-_]api[-_]key)";
const QUOTE = `(?:\\\\?["'])?`;
// It also stops at `)` and at ` @ `, where a client key appends the address to the user agent.
const HEADER_VALUE = new RegExp(`(?<![\\w-])(${NAME}${QUOTE}\\s*[:=]\\s*${QUOTE})(?:(?! @ )[^"'\`<>{}()&\\r\\n\\\\]|\\\\(?!["']))+`, "gi");
// RFC 6750 token68 characters; `[redacted]` is not one, so redacting twice changes nothing.
const BEARER = /\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi;
// `eyJ` is base64url for `{"`: a JWT header. A dot after it is enough: a reason that cuts a line
// short can cut a token after its payload, and the payload is what must not be printed.
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;

/** The text with every credential header value, bearer token and JWT replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  // Header values first: `authorization: Bearer eyJ…` becomes one `[redacted]`, not three.
  return text
    .replace(HEADER_VALUE, (_, name: string) => `${name}${REDACTED}`)
    .replace(BEARER, (_, scheme: string) => `${scheme}${REDACTED}`)
    .replace(JWT, REDACTED);
}

// Most strings (timestamps, rule ids, short ids) hold no hint of a secret: skip the regexes.
const HINT = /eyj|bearer|authorization|cookie|api[-_]key/i;

function mayHoldSecret(text: string): boolean {
  return HINT.test(text);
}

/**
 * `value` (plain JSON data) with every string, and every object key, through redactSecrets. Only
 * what changes is copied: a busy report holds hundreds of thousands of objects with no secret,
 * and rebuilding each of them cost a tenth of a second for nothing.
 */
export function redactSecretsDeep<T>(value: T): T {
  return mapStrings(value, lastRedaction(), rememberingRedaction()) as T;
}

// A report repeats a few strings many times: at 1 GiB, 397,000 keys of 110 names and 196,000 string
// values of 15,700, 146,000 of them the log's path, one after another in the evidence. The hint's
// regex on each was most of the redaction's time: keys are remembered by their text (a Map lookup
// of a key, whose hash V8 keeps, costs less), bounded so that a report of many distinct keys
// (records keyed by log text) keeps only the first so many and redacts the rest afresh; a value is
// compared with the value before it. Either way the answer is redactSecrets' own for that text, so
// a string is redacted the same whether it was seen before or not. rbench (redactSecretsDeep on the
// 1 GiB logs' reports, 10 calls, 3 alternations): first call 22-39 -> 17-18 ms, min 16-19 -> 12-14.
const REMEMBERED_KEYS = 1 << 12;

/** redactSecrets, answered again without it when the text is the previous call's. */
function lastRedaction(): (text: string) => string {
  let last = "";
  let lastResult = "";
  return (text) => {
    if (text !== last) lastResult = redactSecrets((last = text));
    return lastResult;
  };
}

/** redactSecrets, remembered by text for the first `limit` distinct texts. */
function rememberingRedaction(limit: number = REMEMBERED_KEYS): (text: string) => string {
  const redacted = new Map<string, string>();
  return (text) => {
    let result = redacted.get(text);
    if (result === undefined) {
      result = redactSecrets(text);
      if (redacted.size < limit) redacted.set(text, result);
    }
    return result;
  };
}

function mapStrings(value: unknown, map: (s: string) => string, mapKey: (s: string) => string): unknown {
  if (typeof value === "string") return map(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const mapped = mapStrings(value[i], map, mapKey);
      if (mapped !== value[i]) (copy ??= [...value])[i] = mapped;
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // The entries are gathered only from the first change on: most objects never change. for…in
    // reads the keys of plain data (no inherited ones) from its shape, where Object.keys made an
    // array per object: 4.9 MB of the 100 MiB bench log's report.
    let mapped: [string, unknown][] | null = null;
    for (const key in record) {
      const mappedKey = mapKey(key);
      const mappedValue = mapStrings(record[key], map, mapKey);
      if (!mapped && (mappedKey !== key || mappedValue !== record[key])) mapped = entriesBefore(record, key);
      mapped?.push([mappedKey, mappedValue]);
    }
    return mapped ? Object.fromEntries(mapped) : value;
  }
  return value;
}

function entriesBefore(record: Record<string, unknown>, key: string): [string, unknown][] {
  const keys = Object.keys(record);
  return keys.slice(0, keys.indexOf(key)).map((k) => [k, record[k]]);
}
