import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { fixture, ROOT, runCli } from "../support/run-cli.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test", "artifacts");

// Installs Debian's chromium when missing and we are root (once per machine, about 30 s).
spawnSync(process.execPath, [join(ROOT, "scripts", "ensure-chromium.mjs")], { stdio: "inherit" });
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing and could not be installed (needs root and apt-get): browser tests skipped`;
if (skip) process.stderr.write(`${skip}\n`);

let browser: Browser;
let page: Page;
let dir: string;
const requests: string[] = [];
const consoleErrors: string[] = [];

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), "mcp-forensics-html-"));
  const output = join(dir, "report.html");
  const result = await runCli(["analyze", fixture("capture-2.jsonl"), "--format", "html", "-o", output, "--fail-on", "never"]);
  assert.equal(result.code, 0, result.stderr);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(pathToFileURL(output).href);
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the Capture 2 page draws the active-sessions chart and 13 session bars", { skip }, async () => {
  assert.equal(await page.locator("#active-chart path.active-line").count(), 1);
  assert.equal(await page.locator("#session-timeline .bar").count(), 13);
  assert.equal(await page.locator("#session-timeline .bar.end-orphaned").count(), 13);
});

test("hovering a bar shows that session's requests", { skip }, async () => {
  const tip = page.locator("#tip");
  assert.equal(await tip.isVisible(), false);
  await page.locator('.bar[data-session="s1"] rect').hover();
  assert.equal(await tip.isVisible(), true);
  const text = await tip.textContent();
  assert.match(text ?? "", /session 3602c17d/);
  assert.match(text ?? "", /2 requests in 1 batch/);
  assert.match(text ?? "", /requests:\n {2}08:28:47Z/);
  await page.mouse.move(0, 0);
  assert.equal(await tip.isVisible(), false);
});

test("clicking a bar filters the event list to that session, clicking again shows all", { skip }, async () => {
  const all = await page.locator("#events li").count();
  await page.locator('.bar[data-session="s2"] rect').click();
  const visible = page.locator("#events li:visible");
  const shown = await visible.count();
  assert.ok(shown > 0 && shown < all, `${shown} of ${all} events shown`);
  const sessions = await visible.evaluateAll((items) => items.map((li) => li.getAttribute("data-sessions") ?? ""));
  assert.ok(sessions.every((s) => s.split(" ").includes("s2")), sessions.join(" | "));
  assert.equal(await page.locator("#filter-name").textContent(), "67cd9106");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "html-report.png"), fullPage: true });
  await page.locator("#filter-clear").click();
  assert.equal(await page.locator("#events li:visible").count(), all);
});

test("the page makes no network request and its script runs under its own CSP", { skip }, async () => {
  assert.ok(requests.length > 0);
  assert.deepEqual(requests.filter((url) => !url.startsWith("file:")), []);
  assert.deepEqual(consoleErrors, []);
});
