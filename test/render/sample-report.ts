import { ReportSchema, type Report } from "../../src/report.js";

type ReportSession = Report["sessions"][number];

const FILE = "/home/someone/logs/capture-2.jsonl";
const AGENT = "openai-mcp/1.0.0";

export const SESSION_A = "59c7c2b5-46fe-4cb4-b86b-625ca39e17da";
export const SESSION_B = "3602c17d-0a1b-4c2d-8e3f-112233445566";

function ref(line: number) {
  return { file: FILE, line };
}

export function buildSession(id: string, createdAt: string, overrides: Partial<ReportSession> = {}): ReportSession {
  return {
    id,
    createdAt,
    ref: ref(2),
    activeSessions: 1,
    activeSessionsSource: "logged",
    gapSincePreviousMs: null,
    client: AGENT,
    requests: 2,
    batches: 1,
    reusedAcrossBatches: false,
    streamClosures: 1,
    endedBy: "orphaned",
    endedAt: null,
    lastSeenAt: createdAt ?? "2026-02-27T08:28:46.712Z",
    ...overrides,
  };
}

/** A small report shaped like the seed report's Capture 2, with one entry of every timeline kind. */
export function buildSampleReport(overrides: Partial<Report> = {}): Report {
  const report = {
    schemaVersion: 1,
    tool: { name: "mcp-forensics", version: "0.1.0" },
    options: { batchGapMs: 30_000, from: null, to: null, client: null, session: null },
    input: {
      format: "events",
      files: [{ path: FILE, lines: 12, events: 10, ignored: 1, skipped: 1 }],
      lines: 12,
      events: 10,
      outsideWindow: 0,
      ignoredEvents: { mcp_response_headers: 1 },
      skippedCount: 1,
      skipped: [{ file: FILE, line: 12, reason: "not JSON" }],
      skippedByReason: [{ reason: "invalid JSON", count: 1, first: [{ file: FILE, line: 12 }] }],
      warningCount: 0,
      warnings: [],
    },
    summary: {
      firstEventAt: "2026-02-27T08:28:46.695Z",
      lastEventAt: "2026-02-27T08:51:00.120Z",
      durationMs: 1_333_425,
      requests: 37,
      initializeRequests: 13,
      nullSessionInitializeRequests: 13,
      nullSessionNonInitializeRequests: 0,
      requestsWithSessionId: 24,
      deleteRequests: 0,
      sessionsCreated: 2,
      sessionLosses: 1,
      peakActiveSessions: 2,
      peakActiveSessionsSource: "logged",
      orphanedSessions: 2,
      sessionsWipedByRestart: 0,
      serverRestarts: 1,
      statusCounts: { "200": 36, "404": 1 },
      streamLifetimeMs: { count: 13, min: 125, median: 217, p95: 355, max: 355 },
    },
    statistics: {
      sessionCreationGapMs: { count: 1, min: 400, median: 400, p95: 400, max: 400 },
      idleGapBeforeLossMs: { count: 0, min: null, median: null, p95: null, max: null },
      streamLifetimeMs: { count: 13, min: 125, median: 217, p95: 355, max: 355 },
    },
    clients: [
      {
        key: AGENT,
        userAgent: AGENT,
        remoteAddress: null,
        requests: 37,
        sessions: 2,
        initializes: 13,
        deletes: 0,
        batches: 2,
        losses: 1,
        churnRatio: 0.5,
        sessionsReusedAcrossBatches: 0,
        verdict: "new-session-every-batch",
      },
    ],
    sessions: [
      buildSession(SESSION_A, "2026-02-27T08:28:46.712Z"),
      buildSession(SESSION_B, "2026-02-27T08:28:47.112Z", { activeSessions: 2, gapSincePreviousMs: 400, lastSeenAt: "2026-02-27T08:28:58.900Z", endedBy: "deleted", endedAt: "2026-02-27T09:13:36.000Z" }),
    ],
    timeline: [
      { type: "server-restart", at: "2026-02-27T08:28:40.000Z", ref: ref(1), detail: "server_started pid=4242" },
      { type: "initialize", at: "2026-02-27T08:28:46.695Z", ref: ref(1), client: AGENT, kind: "after-restart", aliveSessions: [], aliveCount: 0, idleGapMs: null },
      { type: "session-created", at: "2026-02-27T08:28:46.712Z", ref: ref(2), sessionId: SESSION_A, activeSessions: 1 },
      { type: "initialize", at: "2026-02-27T08:28:47.108Z", ref: ref(5), client: AGENT, kind: "loss", aliveSessions: [SESSION_A], aliveCount: 1, idleGapMs: 70_000 },
      { type: "session-created", at: "2026-02-27T08:28:47.112Z", ref: ref(6), sessionId: SESSION_B, activeSessions: 2 },
      {
        type: "requests",
        at: "2026-02-27T08:28:47.300Z",
        until: "2026-02-27T08:28:58.900Z",
        firstRef: ref(7),
        lastRef: ref(9),
        client: AGENT,
        sessionId: SESSION_B,
        count: 2,
        afterStreamClosed: true,
      },
      { type: "stream-closed", at: "2026-02-27T08:29:00.000Z", ref: ref(10), sessionId: SESSION_B, elapsedMs: 125_004 },
      { type: "idle-gap", at: "2026-02-27T08:29:00.000Z", until: "2026-02-27T09:13:36.000Z", ms: 2_676_000 },
      { type: "session-ended", at: "2026-02-27T09:13:36.000Z", ref: ref(11), sessionId: SESSION_B, endedBy: "deleted" },
    ],
    sessionsOmitted: 0,
    timelineOmitted: 0,
    activeSessionsSeries: [
      { at: "2026-02-27T08:28:46.712Z", active: 1, source: "logged" },
      { at: "2026-02-27T08:28:47.112Z", active: 2, source: "logged" },
      { at: "2026-02-27T09:13:36.000Z", active: 1, source: "logged" },
    ],
    batchPatterns: [{ client: AGENT, steps: ["initialize (no session id)", "tools/list", "tools/call"], batches: 1, ofBatches: 2 }],
    findings: [
      {
        rule: "missing-delete",
        severity: "warning",
        message: "session never deleted",
        client: AGENT,
        sessionId: SESSION_A,
        evidence: [ref(2), ref(3), ref(4), ref(5), ref(6)],
        evidenceCount: 7,
      },
    ],
    hypotheses: [
      { id: "sse-disconnect", title: "SSE disconnect causing loss", verdict: "ruled-out", reason: "sessions survived disconnects", evidence: [ref(7), ref(8), ref(9), ref(10)] },
    ],
    limitations: [{ check: "response headers", reason: "no mcp_response_headers lines" }],
    ...overrides,
  } satisfies Report;
  return ReportSchema.parse(report);
}
