import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { REDACTED, redactSecrets, redactSecretsDeep } from "../../src/redact.js";
import { maskIpAddress, maskIpAddresses, redactForDisplay, saltedId } from "../../src/render/redact.js";
import { buildSampleReport } from "./sample-report.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln_-x";

describe("redactSecrets", () => {
  const cases: readonly (readonly [string, string])[] = [
    ["Authorization: Bearer abc.def", "Authorization: [redacted]"],
    ["authorization=Basic dXNlcjpwYXNz", "authorization=[redacted]"],
    ['{"cookie":"sid=1; b=2","ua":"x"}', '{"cookie":"[redacted]","ua":"x"}'],
    ['quoted: {\\"Set-Cookie\\":\\"id=1\\"}', 'quoted: {\\"Set-Cookie\\":\\"[redacted]\\"}'],
    ["x-api-key=sk_123&page=2", "x-api-key=[redacted]&page=2"],
    ["X_API_KEY: k", "X_API_KEY: [redacted]"],
    ["proxy-authorization: Negotiate abc", "proxy-authorization: [redacted]"],
    ["client/1.0 bearer tok_en-1.2~3+4/5==", "client/1.0 bearer [redacted]"],
    [`token ${JWT} end`, `token ${REDACTED} end`],
    ["cut eyJhbGciOiJIUzI1NiJ9.eyJzdWIi", `cut ${REDACTED}`],
    ["ua (cookie: a=1) @ 10.0.0.1", "ua (cookie: [redacted]) @ 10.0.0.1"],
    ["oauth-client/1.0 cookie-monster/2", "oauth-client/1.0 cookie-monster/2"],
    ["claude-code/2.1.0", "claude-code/2.1.0"],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(redactSecrets(input), expected));

  test("idempotent, and never leaves a token that follows Bearer", () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,30}$/), fc.string(), (before, token, after) => {
        const once = redactSecrets(`${before} Bearer ${token}${after.replace(/^[A-Za-z0-9._~+/=-]/, " ")}`);
        assert.equal(redactSecrets(once), once);
        assert.ok(!once.includes(`Bearer ${token}`) || token === "[redacted]");
      }),
    );
  });

  test("redactSecretsDeep reaches nested strings and record keys", () => {
    const out = redactSecretsDeep({ a: [{ b: `x ${JWT}` }], [`Bearer k`]: 1, n: 2, z: null });
    assert.deepEqual(out, { a: [{ b: `x ${REDACTED}` }], [`Bearer ${REDACTED}`]: 1, n: 2, z: null });
  });

  // redactSecretsDeep remembers what it answered for a text (keys by text, a value against the
  // value before it): each string must come out as redactSecrets alone makes it, seen before or not.
  const naiveDeep = (value: unknown): unknown =>
    typeof value === "string"
      ? redactSecrets(value)
      : Array.isArray(value)
        ? value.map(naiveDeep)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), naiveDeep(v)]))
          : value;

  test("redactSecretsDeep redacts a string each time it appears, as a key or a value, after it was seen clean or redacted", () => {
    const pool = ["file", "line", "a.log", `Bearer k1`, `x ${JWT}`, "authorization: abc", "cookie", "Bearer", "eyJ", "tools/call"];
    const text = fc.constantFrom(...pool);
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: "small" }, text, fc.integer(), tie("array"), tie("object")),
      array: fc.array(tie("tree"), { maxLength: 6 }),
      object: fc.dictionary(text, tie("tree"), { maxKeys: 6, noNullPrototype: true }),
    }));
    fc.assert(fc.property(tree, (value) => assert.deepEqual(redactSecretsDeep(value), naiveDeep(value))));
  });

  test("redactSecretsDeep redacts keys past those it remembers, and a value repeated after them", () => {
    const value: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) value[`key${i}`] = "Bearer t0k";
    value[`Bearer late`] = [`Bearer t0k`, "clean", `Bearer t0k`];
    const out = redactSecretsDeep(value) as Record<string, unknown>;
    assert.deepEqual(out, naiveDeep(value));
    assert.equal(out[`key9999`], `Bearer ${REDACTED}`);
    assert.deepEqual(out[`Bearer ${REDACTED}`], [`Bearer ${REDACTED}`, "clean", `Bearer ${REDACTED}`]);
    assert.ok(!JSON.stringify(out).includes("t0k") && !JSON.stringify(out).includes("late"));
  });
});

describe("address masking", () => {
  test("IPv4, IPv6 and IPv4-mapped addresses", () => {
    assert.equal(maskIpAddress("203.0.113.7"), "203.0.113.x");
    assert.equal(maskIpAddress("2001:db8:85a3::8a2e:370:7334"), "2001:db8:x:x:x:x:x:x");
    assert.equal(maskIpAddress("::ffff:10.1.2.3"), "::ffff:10.1.2.x");
    assert.equal(maskIpAddress("not an address"), "not an address");
  });

  test("in text: addresses masked, times and versions left alone", () => {
    assert.equal(maskIpAddresses("ua/1.0 @ 203.0.113.7."), "ua/1.0 @ 203.0.113.x.");
    assert.equal(maskIpAddresses("from 2001:db8::1 and ::1"), "from 2001:db8:x:x:x:x:x:x and 0:0:x:x:x:x:x:x");
    for (const text of ["2026-02-27T08:28:46.712Z", "at 12:34:56", "Chrome/120.0.6099.109", "v1.2.3.4.5", "999.1.1.1"]) assert.equal(maskIpAddresses(text), text);
  });
});

describe("redactForDisplay", () => {
  const report = buildSampleReport();
  const id = report.sessions[0]!.id;
  const withText = { ...report, input: { ...report.input, skipped: [{ file: "a.jsonl", line: 3, reason: `invalid JSON: {"session_id":"${id}","remote_address":"198.51.100.23"}` }] } };

  test("short: id fields kept for the renderers to cut, ids in text cut, addresses masked", () => {
    const shown = redactForDisplay(withText, { ids: "short", maskAddresses: true });
    assert.equal(shown.sessions[0]!.id, id);
    assert.equal(shown.input.skipped[0]!.reason, `invalid JSON: {"session_id":"${Array.from(id).slice(0, 8).join("")}","remote_address":"198.51.100.x"}`);
    assert.equal(shown.input.skipped[0]!.file, "a.jsonl");
  });

  test("salted: every id replaced by its keyed hash, fields and text alike", () => {
    const shown = redactForDisplay(withText, { ids: "salted", salt: "s", maskAddresses: true });
    assert.equal(shown.sessions[0]!.id, saltedId(id, "s"));
    assert.ok(shown.input.skipped[0]!.reason.includes(saltedId(id, "s")));
    assert.ok(!JSON.stringify(shown).includes(id));
  });

  test("full without masking is the report itself", () => {
    assert.equal(redactForDisplay(report, { ids: "full", maskAddresses: false }), report);
  });
});
