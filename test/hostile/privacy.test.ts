import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { saltedId } from "../../src/render/redact.js";
import { fixture, runCli } from "../support/run-cli.js";

const LOG = fixture("hostile/secrets.jsonl");
/** Every credential in the fixture holds SECRET; the JWT's payload segment is base64 of it. */
const SECRETS = /SECRET|eyJzdWIiOiJTRUNSRVRKV1QifQ|U0VDUkVUU0lH/;
const FORMATS = ["table", "markdown", "json", "junit", "sarif", "html"] as const;
const SID = "a4e1b07d-3392-45ed-9189-eba97425fe9f";

describe("privacy: credentials never printed, ids and addresses masked for display", () => {
  test("no format prints a bearer token, JWT, cookie or API key, with or without --no-redact", async () => {
    for (const extra of [[], ["--no-redact"], ["--full-ids"], ["--redact-salt", "pepper"]]) {
      for (const format of FORMATS) {
        const result = await runCli(["analyze", LOG, "--format", format, "--fail-on", "never", ...extra], { FORCE_COLOR: "1" });
        assert.equal(result.code, 0, `${format} ${extra.join(" ")}: ${result.stderr}`);
        assert.doesNotMatch(result.stdout, SECRETS, `${format} ${extra.join(" ")}: stdout`);
        assert.doesNotMatch(result.stderr, SECRETS, `${format} ${extra.join(" ")}: stderr`);
        assert.match(result.stdout, /redacted/, `${format}: the redaction shows`);
      }
    }
  });

  test("GitHub annotations and the step summary carry no credential, no full id, no full address", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mcp-forensics-privacy-"));
    const summary = join(dir, "summary.md");
    const result = await runCli(["analyze", LOG, "--format", "json"], { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: dir });
    assert.equal(result.code, 1, "session-churn is an error");
    assert.match(result.stderr, /^::error /m);
    const text = await readFile(summary, "utf8");
    for (const [what, out] of [["annotations", result.stderr], ["step summary", text]] as const) {
      assert.doesNotMatch(out, SECRETS, what);
      assert.doesNotMatch(out, /203\.0\.113\.7/, `${what}: address masked`);
    }
    assert.match(result.stderr, /203\.0\.113\.x/);
    assert.doesNotMatch(text, new RegExp(SID), "step summary: ids shortened");
  });

  test("--strict names the line without printing the credential it quotes", async () => {
    const result = await runCli(["analyze", LOG, "--strict"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /secrets\.jsonl:5: invalid JSON .*Bearer \[redacted\]/);
    assert.doesNotMatch(result.stderr, SECRETS);
  });

  test("markdown, html and table mask addresses and shorten ids by default; JSON keeps them", async () => {
    for (const format of ["markdown", "html", "table"]) {
      const { stdout } = await runCli(["analyze", LOG, "--format", format, "--fail-on", "never"]);
      assert.doesNotMatch(stdout, /203\.0\.113\.7|8a2e:370:7334/, `${format}: addresses masked`);
      assert.match(stdout, /203\.0\.113\.x/, `${format}: IPv4 keeps 3 octets`);
      assert.doesNotMatch(stdout, new RegExp(SID), `${format}: no full session id`);
    }
    const markdown = (await runCli(["analyze", LOG, "--format", "markdown", "--fail-on", "never"])).stdout;
    assert.match(markdown, /2001:db8:x:x:x:x:x:x/, "IPv6 keeps its first 2 groups");
    assert.match(markdown, /a4e1b07d/);
    const report = JSON.parse((await runCli(["analyze", LOG, "--format", "json", "--fail-on", "never"])).stdout);
    assert.equal(report.clients[0].remoteAddress, "203.0.113.7", "JSON keeps the address");
    assert.equal(report.sessions[0].id, SID, "JSON keeps the id");
    assert.doesNotMatch(report.clients[0].key, SECRETS);
  });

  test("--no-redact prints whole ids and addresses", async () => {
    const { stdout } = await runCli(["analyze", LOG, "--format", "markdown", "--fail-on", "never", "--no-redact"]);
    assert.match(stdout, /203\.0\.113\.7/);
    assert.match(stdout, /2001:db8:85a3::8a2e:370:7334/);
    assert.match(stdout, new RegExp(SID));
  });

  test("--redact-salt shows ids as a keyed hash, stable across runs, different per salt", async () => {
    const run = async (salt: string) => (await runCli(["analyze", LOG, "--format", "markdown", "--fail-on", "never", "--redact-salt", salt])).stdout;
    const [first, again, other] = await Promise.all([run("pepper"), run("pepper"), run("salt")]);
    assert.equal(first, again, "same salt, same report");
    const hashed = saltedId(SID, "pepper");
    assert.match(hashed, /^[0-9a-f]{8}$/);
    assert.match(first, new RegExp(hashed));
    assert.doesNotMatch(first, /a4e1b07d/, "not even the id's prefix");
    assert.doesNotMatch(other, new RegExp(hashed));
    assert.match(first, /203\.0\.113\.x/, "addresses still masked");
  });

  test("--redact-salt with --full-ids or --no-redact, or an empty salt, is a usage error", async () => {
    for (const args of [["--redact-salt", "s", "--full-ids"], ["--redact-salt", "s", "--no-redact"], ["--redact-salt", ""]]) {
      const result = await runCli(["analyze", LOG, ...args]);
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, /^mcp-forensics: --redact-salt [^\n]*\n$/);
    }
  });
});
