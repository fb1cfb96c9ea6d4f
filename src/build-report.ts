import type { InputSummary } from "./input/input-summary.js";
import type { Distribution, Finding, HypothesisResult, Report } from "./report.js";
import { REPORT_SCHEMA_VERSION } from "./report-schema-version.js";
import { ReinitializationTally } from "./hypotheses/reinitialization-tally.js";
import { redactSecretsDeep } from "./redact.js";
import { summarizeRead } from "./statistics.js";
import { findBatchPatterns } from "./timeline/batch-patterns.js";
import { isAscendingAt } from "./timeline/is-ascending.js";
import { describeClientBehaviour } from "./timeline/client-behaviour.js";
import { LossIdleGaps } from "./timeline/loss-idle-gaps.js";
import type { LoggedSession } from "./timeline/logged-session.js";
import type { RecordList, Session, Timeline } from "./timeline/model.js";
import { narrateTimeline } from "./timeline/narrate.js";
import { RequestCounts } from "./timeline/request-counts.js";
import { closureRows } from "./timeline/rows.js";
import { creationTime, isCreatedInLog } from "./timeline/session-usage.js";
import { SessionUses } from "./timeline/session-uses.js";
import { ActiveSamples, downsampleActiveSamples } from "./timeline/active-series.js";
import { NearNumbers } from "./timeline/near-numbers.js";
import { Positions } from "./timeline/positions.js";
import { orderBySeq } from "./timeline/sort-by-seq.js";

export interface ReportContext {
  readonly toolVersion: string;
  readonly input: InputSummary;
  readonly outsideWindow: number;
  readonly options: Report["options"];
  readonly findings: Finding[];
  readonly hypotheses: HypothesisResult[];
  readonly limitations: Report["limitations"];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The report every renderer takes, with no credential left in it. Redacting here, the one place
 * every format's data passes, rather than in each renderer: log text reaches the report by a dozen
 * fields (client keys, addresses, session ids, skip reasons, finding messages), so a field or a
 * format added later is covered without a thought, and JSON carries no secret either. Analysis ran
 * on the raw values, so clients that differ only by a token are still told apart.
 */
export function buildReport(timeline: Timeline, context: ReportContext): Report {
  return redactSecretsDeep(assembleReport(timeline, context));
}

/** The only place timeline facts become numbers. */
function assembleReport(timeline: Timeline, context: ReportContext): Report {
  const { entries, omitted } = narrateTimeline(timeline);
  const census = takeSessionCensus(timeline.sessions);
  const created = inCreationOrder(census, timeline.sessions);
  // The stream lifetimes are read where the timeline keeps them, the creation gaps from the census'
  // creation times (summarizeRead both). Gathered, an array each was 11.1 MB at 1 GiB; one scratch
  // array for both, as long as the closures, 5.8 MB at the report's start, which had become the
  // run's peak. The losses' idle gaps were counted by distinct value as the walk classified them.
  const lossCount = timeline.tallies.of(ReinitializationTally).losses;
  const idleGapBeforeLossMs = timeline.tallies.of(LossIdleGaps).gaps.summarize();
  const closures = closureRows(timeline);
  const streamLifetimeMs = summarizeRead(closures.length, (i) => closures.table.elapsedMsOf(closures.row(i)));
  const sessionCreationGapMs = summarizeCreationGaps(created.count, created.atOf);
  const samples = timeline.tallies.of(ActiveSamples);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "mcp-forensics", version: context.toolVersion },
    options: context.options,
    input: {
      format: context.input.format,
      files: context.input.files.map((f) => ({ ...f })),
      lines: context.input.lines,
      events: context.input.events,
      outsideWindow: context.outsideWindow,
      ignoredEvents: Object.fromEntries(context.input.ignoredEvents),
      skippedCount: context.input.skippedCount,
      skipped: [...context.input.skipped],
      // Stable sort: among equal counts, the reason seen first comes first.
      skippedByReason: [...context.input.skippedByReason]
        .map(([reason, { count, first }]) => ({ reason, count, first: [...first] }))
        .sort((a, b) => b.count - a.count),
      warningCount: context.input.warningCount,
      warnings: [...context.input.warnings],
    },
    summary: {
      firstEventAt: iso(timeline.firstAt),
      lastEventAt: iso(timeline.lastAt),
      durationMs: timeline.firstAt === null || timeline.lastAt === null ? null : timeline.lastAt - timeline.firstAt,
      ...timeline.tallies.of(RequestCounts).counts,
      sessionsCreated: created.count,
      sessionLosses: lossCount,
      peakActiveSessions: samples.chosen.length > 0 ? samples.peak : null,
      peakActiveSessionsSource: samples.chosen.length > 0 ? samples.source : null,
      orphanedSessions: census.orphaned,
      sessionsWipedByRestart: census.wipedByRestart,
      serverRestarts: timeline.restarts.length,
      statusCounts: { ...timeline.statusCounts },
      streamLifetimeMs,
    },
    statistics: {
      sessionCreationGapMs,
      idleGapBeforeLossMs,
      streamLifetimeMs,
    },
    clients: timeline.clients.map((client) => {
      const b = describeClientBehaviour(client, timeline);
      return {
        key: client.key,
        userAgent: client.userAgent,
        remoteAddress: client.remoteAddress,
        requests: client.requests.length,
        sessions: b.sessionCount,
        initializes: b.initializes,
        deletes: b.deletes,
        batches: client.batchCount,
        losses: b.losses.count,
        churnRatio: b.churnRatio,
        sessionsReusedAcrossBatches: b.sessionsReusedAcrossBatches,
        verdict: b.verdict,
      };
    }),
    ...describeSessions(created.first, created.count, census, timeline),
    timeline: entries,
    timelineOmitted: omitted,
    activeSessionsSeries: downsampleActiveSamples(samples.chosen).map((i) => ({ at: iso(samples.chosen.timeAt(i))!, active: samples.chosen.activeAt(i), source: samples.source })),
    batchPatterns: findBatchPatterns(timeline).map((p) => ({ ...p, steps: [...p.steps] })),
    findings: context.findings,
    hypotheses: context.hypotheses,
    limitations: context.limitations,
  };
}

/** A busy log has hundreds of thousands of sessions; the report lists the first ones and counts the rest. */
export const MAX_REPORT_SESSIONS = 1000;

interface SessionCensus {
  /** Positions in the timeline's sessions, in its order; the report sorts them by creation time. None kept while every session is (Positions). */
  readonly created: Positions;
  /** Their creation times, in the same order: four bytes each where they fit (NearNumbers), as the bench logs' all do. */
  readonly createdAt: NearNumbers;
  /** Only the first MAX_REPORT_SESSIONS: the report lists no more, and counts the rest. */
  readonly usedOnly: Session[];
  readonly usedOnlyCount: number;
  readonly orphaned: number;
  readonly wipedByRestart: number;
}

/**
 * One pass over the sessions for every count the report takes of them: a busy log has hundreds of
 * thousands. A session makes its creation and its end anew at each read: each is read once here,
 * and the creation times are kept for the sort and the gaps, where each read them again (three
 * creations and two ends made per session). The created sessions are kept as their positions in
 * a typed array: a list of pointers to them, and its copy in creation order, were 6 MB of the old
 * generation at 1 GiB (371,000 sessions), garbage still there when the report's JSON is written.
 */
function takeSessionCensus(sessions: RecordList<Session>): SessionCensus {
  const n = sessions.length;
  const census = { created: new Positions(n), createdAt: new NearNumbers(n), usedOnly: [] as Session[], usedOnlyCount: 0, orphaned: 0, wipedByRestart: 0 };
  for (let i = 0; i < n; i++) {
    const s = sessions.at(i)!;
    if (isCreatedInLog(s)) {
      census.createdAt.push(creationTime(s));
      census.created.push(i);
    } else if (census.usedOnlyCount++ < MAX_REPORT_SESSIONS) census.usedOnly.push(s);
    // The kind read from the end's row: the end's record, made at each read, was one object per ended session.
    const endKind = (s as LoggedSession).endKind;
    if (endKind === null) census.orphaned++;
    else if (endKind === "restart") census.wipedByRestart++;
  }
  return census;
}

/**
 * The created sessions by creation time (equal ones in the timeline's order): their count, the
 * first MAX_REPORT_SESSIONS of them (the report lists no more), and their creation times in that
 * order, read through the order, not copied into it. Mostly the census' times are in that order
 * already (see isAscendingAt): then no order is made (7.5 MB of array buffers at 1 GiB, held to
 * the report's end, with the sorted copy).
 */
function inCreationOrder(census: SessionCensus, sessions: RecordList<Session>): { count: number; first: Session[]; atOf: (k: number) => number } {
  const { createdAt } = census;
  const n = createdAt.length;
  const timeOf = (i: number) => createdAt.get(i);
  const order = isAscendingAt(n, timeOf) ? null : orderBySeq(n, timeOf);
  const first = new Array<Session>(Math.min(n, MAX_REPORT_SESSIONS));
  for (let k = 0; k < first.length; k++) first[k] = sessions.at(census.created.get(order === null ? k : order[k]!))!;
  return { count: n, first, atOf: order === null ? timeOf : (k) => createdAt.get(order[k]!) };
}

/**
 * The time between consecutive creations, `atOf` giving their times in creation order, read where
 * they are kept (summarizeRead): gathered, the gaps were an array as long as the sessions.
 */
function summarizeCreationGaps(count: number, atOf: (k: number) => number): Distribution {
  return summarizeRead(Math.max(0, count - 1), (k) => atOf(k + 1) - atOf(k));
}

/** Sessions created in the log first, by creation time (`first` of `createdCount`); then those only used, in the timeline's order. */
function describeSessions(first: readonly Session[], createdCount: number, census: SessionCensus, timeline: Timeline): Pick<Report, "sessions" | "sessionsOmitted"> {
  const listed = first.concat(census.usedOnly.slice(0, Math.max(0, MAX_REPORT_SESSIONS - createdCount)));
  return {
    sessions: listed.map((s, i) => describeSession(s, i > 0 && isCreatedInLog(s) ? listed[i - 1]! : null, timeline)),
    sessionsOmitted: createdCount + census.usedOnlyCount - listed.length,
  };
}

function describeSession(session: Session, previous: Session | null, timeline: Timeline): Report["sessions"][number] {
  const createdInLog = isCreatedInLog(session);
  const counted = session.created?.activeSessions === null || (!session.created && createdInLog);
  const countedActive = counted ? timeline.tallies.of(ActiveSamples).countedFrom(session.createdBy?.seq ?? session.startSeq) : undefined;
  const uses = timeline.tallies.of(SessionUses);
  const logged = session as LoggedSession;
  return {
    id: session.id,
    createdAt: createdInLog ? iso(creationTime(session)) : null,
    ref: session.created?.ref ?? session.startRef,
    activeSessions: session.created?.activeSessions ?? countedActive ?? null,
    activeSessionsSource: session.created?.activeSessions != null ? "logged" : countedActive !== undefined ? "counted" : null,
    gapSincePreviousMs: previous ? creationTime(session) - creationTime(previous) : null,
    client: session.owner,
    requests: session.requests.length,
    batches: uses.batchCount(logged),
    reusedAcrossBatches: uses.isReused(logged),
    streamClosures: session.streamClosures.length,
    endedBy: session.end?.kind ?? "orphaned",
    endedAt: iso(session.end?.at ?? null),
    // Its creation's time or a later request's, whichever is latest: a log's times can step back.
    lastSeenAt: iso(Math.max(creationTime(session), uses.latestRequestAt(logged)))!,
  };
}

