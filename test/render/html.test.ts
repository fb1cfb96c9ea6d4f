import assert from "node:assert/strict";
import { test } from "node:test";
import { renderHtml } from "../../src/render/html.js";
import { escapeHtml } from "../../src/render/html-escape.js";
import { buildSampleReport, buildSession } from "./sample-report.js";

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)>"' \u001b[31m`;

test("escapeHtml neutralises every character that opens a tag or ends an attribute", () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
});

test("renderHtml escapes log text everywhere: clients, sessions, findings, tooltips", () => {
  const sample = buildSampleReport();
  const report = buildSampleReport({
    clients: [{ ...sample.clients[0]!, key: HOSTILE }],
    sessions: [buildSession(HOSTILE, "2026-02-27T08:28:46.712Z", { client: HOSTILE }), sample.sessions[1]!],
    findings: [{ ...sample.findings[0]!, message: HOSTILE, sessionId: HOSTILE, rule: HOSTILE }],
  });
  const html = renderHtml(report, { fullIds: true });
  assert.ok(!html.includes("<script>alert"));
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes("\u001b"));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.equal(html.match(/<script>/g)?.length, 1);
});

test("renderHtml is one self-contained page: no URL to fetch, a CSP that allows none", () => {
  const html = renderHtml(buildSampleReport(), { fullIds: false });
  assert.doesNotMatch(html, /\b(?:src|href)=|url\(|@import|https?:\/\//i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
  for (const id of ["summary", "clients", "sessions", "active", "findings", "hypotheses", "timeline"]) assert.ok(html.includes(`<section id="${id}">`), id);
});

test("renderHtml draws one bar per session with its requests in the tooltip", () => {
  const html = renderHtml(buildSampleReport(), { fullIds: false });
  assert.equal(html.match(/<g class="bar /g)?.length, 2);
  assert.match(html, /data-session="s1" data-name="3602c17d" data-tip="session 3602c17d[^"]*2 requests in 1 batch\nrequests:\n {2}08:28:47Z to 08:28:58Z: 2/);
  assert.match(html, /<li class="ev-requests" data-sessions="s1">/);
});

test("the summary's peak is written with a thousands separator, as its other counts", () => {
  const sample = buildSampleReport();
  const html = renderHtml(buildSampleReport({ summary: { ...sample.summary, peakActiveSessions: 12_789 } }), { fullIds: false });
  assert.ok(html.includes("<dt>peak active sessions</dt><dd>12,789</dd>"));
});
