import { z } from "zod";
import { LineRefSchema } from "./events.js";
import { SKIP_REASONS } from "./input/input-summary.js";
import { REPORT_SCHEMA_VERSION } from "./report-schema-version.js";

/**
 * The JSON contract (`--format json`) and the one input of every renderer. Its version lives in
 * report-schema-version.ts (bump it on any change that could break a consumer), re-exported here.
 */
export { REPORT_SCHEMA_VERSION };

export const SeveritySchema = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof SeveritySchema>;

export const VerdictSchema = z.enum(["persists", "intermittent", "new-session-every-batch"]);
export type ClientVerdict = z.infer<typeof VerdictSchema>;

export const HypothesisVerdictSchema = z.enum(["ruled-out", "supported", "not-enough-evidence"]);
export type HypothesisVerdict = z.infer<typeof HypothesisVerdictSchema>;

export const SessionEndSchema = z.enum(["deleted", "closed", "removed", "restart", "not-found", "orphaned"]);

/** min/median/p95/max in ms; all null when there were no values. Median of an even count is the mean of the middle two; p95 is nearest-rank. */
export const DistributionSchema = z.object({
  count: z.number().int(),
  min: z.number().nullable(),
  median: z.number().nullable(),
  p95: z.number().nullable(),
  max: z.number().nullable(),
});
export type Distribution = z.infer<typeof DistributionSchema>;

const isoTime = z.string().describe("ISO-8601 UTC timestamp");

export const FindingSchema = z.object({
  rule: z.string(),
  severity: SeveritySchema,
  message: z.string(),
  client: z.string().nullable(),
  sessionId: z.string().nullable(),
  /** The first MAX_EVIDENCE lines that prove the finding; evidenceCount is the full number. */
  evidence: z.array(LineRefSchema),
  evidenceCount: z.number().int(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const HypothesisSchema = z.object({
  id: z.string(),
  title: z.string(),
  verdict: HypothesisVerdictSchema,
  reason: z.string(),
  evidence: z.array(LineRefSchema),
});
export type HypothesisResult = z.infer<typeof HypothesisSchema>;

export const TimelineEntrySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("server-restart"), at: isoTime, ref: LineRefSchema, detail: z.string() }),
  z.object({ type: z.literal("session-created"), at: isoTime, ref: LineRefSchema, sessionId: z.string(), activeSessions: z.number().nullable() }),
  z.object({
    type: z.literal("initialize"),
    at: isoTime,
    ref: LineRefSchema,
    client: z.string(),
    kind: z.enum(["first", "loss", "after-restart", "after-not-found", "after-end"]),
    /** The newest of the sessions still alive (at most 20); aliveCount is the total. */
    aliveSessions: z.array(z.string()),
    aliveCount: z.number().int(),
    idleGapMs: z.number().nullable(),
  }),
  z.object({
    type: z.literal("requests"),
    at: isoTime,
    until: isoTime,
    firstRef: LineRefSchema,
    lastRef: LineRefSchema,
    client: z.string(),
    sessionId: z.string().nullable(),
    count: z.number().int(),
    /** The session had a response stream closed before this run: it survived the disconnect. */
    afterStreamClosed: z.boolean(),
  }),
  z.object({ type: z.literal("stream-closed"), at: isoTime, ref: LineRefSchema, sessionId: z.string().nullable(), elapsedMs: z.number().nullable() }),
  z.object({ type: z.literal("session-ended"), at: isoTime, ref: LineRefSchema, sessionId: z.string(), endedBy: z.enum(["deleted", "closed", "removed", "not-found"]) }),
  z.object({ type: z.literal("idle-gap"), at: isoTime, until: isoTime, ms: z.number() }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal("mcp-forensics"), version: z.string() }),
  options: z.object({
    batchGapMs: z.number(),
    from: isoTime.nullable(),
    to: isoTime.nullable(),
    client: z.string().nullable(),
    session: z.string().nullable(),
  }),
  input: z.object({
    format: z.enum(["events", "pino", "access", "har", "mixed"]).describe("the log format read (auto-detected per file unless --input-format is given); mixed when files differed"),
    files: z.array(z.object({ path: z.string(), lines: z.number().int(), events: z.number().int(), ignored: z.number().int(), skipped: z.number().int() })),
    lines: z.number().int(),
    events: z.number().int(),
    /** Events outside --from/--to. */
    outsideWindow: z.number().int(),
    ignoredEvents: z.record(z.string(), z.number().int()),
    skippedCount: z.number().int(),
    skipped: z.array(LineRefSchema.extend({ reason: z.string() })),
    /** Every skip counted by reason class, most frequent first, with the first few lines of each; counts sum to skippedCount. */
    skippedByReason: z.array(
      z.object({
        reason: z.enum(SKIP_REASONS),
        count: z.number().int(),
        first: z.array(LineRefSchema),
      }),
    ),
    /** Lines used as events but worth a look: the clock went backwards, bytes were not UTF-8. */
    warningCount: z.number().int(),
    warnings: z.array(LineRefSchema.extend({ reason: z.string() })),
  }),
  summary: z.object({
    firstEventAt: isoTime.nullable(),
    lastEventAt: isoTime.nullable(),
    durationMs: z.number().nullable(),
    requests: z.number().int(),
    initializeRequests: z.number().int(),
    nullSessionInitializeRequests: z.number().int(),
    nullSessionNonInitializeRequests: z.number().int(),
    requestsWithSessionId: z.number().int(),
    deleteRequests: z.number().int(),
    sessionsCreated: z.number().int(),
    sessionLosses: z.number().int(),
    peakActiveSessions: z.number().int().nullable(),
    /** "logged": the server's own active_sessions; "counted": counted from the log's lifecycle lines. */
    peakActiveSessionsSource: z.enum(["logged", "counted"]).nullable(),
    orphanedSessions: z.number().int(),
    sessionsWipedByRestart: z.number().int(),
    serverRestarts: z.number().int(),
    statusCounts: z.record(z.string(), z.number().int()),
    streamLifetimeMs: DistributionSchema,
  }),
  statistics: z.object({
    sessionCreationGapMs: DistributionSchema,
    idleGapBeforeLossMs: DistributionSchema,
    streamLifetimeMs: DistributionSchema,
  }),
  clients: z.array(
    z.object({
      key: z.string(),
      userAgent: z.string().nullable(),
      remoteAddress: z.string().nullable(),
      requests: z.number().int(),
      sessions: z.number().int(),
      initializes: z.number().int(),
      deletes: z.number().int(),
      batches: z.number().int(),
      losses: z.number().int(),
      /** losses / batches */
      churnRatio: z.number(),
      sessionsReusedAcrossBatches: z.number().int(),
      verdict: VerdictSchema,
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.string(),
      createdAt: isoTime.nullable(),
      ref: LineRefSchema,
      activeSessions: z.number().int().nullable(),
      activeSessionsSource: z.enum(["logged", "counted"]).nullable(),
      gapSincePreviousMs: z.number().nullable(),
      client: z.string().nullable(),
      requests: z.number().int(),
      batches: z.number().int(),
      reusedAcrossBatches: z.boolean(),
      streamClosures: z.number().int(),
      endedBy: SessionEndSchema,
      endedAt: isoTime.nullable(),
      /** Its last request, or its creation when it never got one: where a picture's bar ends. */
      lastSeenAt: isoTime,
    }),
  ),
  /** Sessions left out of `sessions` past its cap (1000): the first ones in creation order are listed. */
  sessionsOmitted: z.number().int(),
  timeline: z.array(TimelineEntrySchema),
  /** Entries left out of `timeline` past its cap. */
  timelineOmitted: z.number().int(),
  /** Active sessions over time (the server's count when logged), at most MAX_SERIES_POINTS, each bucket's peak kept. */
  activeSessionsSeries: z.array(z.object({ at: isoTime, active: z.number().int(), source: z.enum(["logged", "counted"]) })),
  batchPatterns: z.array(z.object({ client: z.string(), steps: z.array(z.string()), batches: z.number().int(), ofBatches: z.number().int() })),
  findings: z.array(FindingSchema),
  hypotheses: z.array(HypothesisSchema),
  /** Checks that could not run for lack of a field or event in the log. */
  limitations: z.array(z.object({ check: z.string(), reason: z.string() })),
});
export type Report = z.infer<typeof ReportSchema>;
