import type { InputSummary } from "./input/input-summary.js";
import type { Distribution, Finding, HypothesisResult, Report } from "./report.js";
import { REPORT_SCHEMA_VERSION } from "./report-schema-version.js";
import { ReinitializationTally } from "./hypotheses/reinitialization-tally.js";
import { redactSecretsDeep } from "./redact.js";
import { GatheredValues } from "./gathered-values.js";
import { summarizeRead } from "./statistics.js";
import { findBatchPatterns } from "./timeline/batch-patterns.js";
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
  // The stream lifetimes are read where the timeline keeps them (summarizeRead): gathered, an array
  // as long as the closures was 5.8 MB at 1 GiB, at the report's start, which had become the run's
  // peak. The losses' idle gaps were gathered out of memory as the walk classified them.
  const lossCount = timeline.tallies.of(ReinitializationTally).losses;
  const idleGapBeforeLossMs = timeline.tallies.of(LossIdleGaps).gaps.summarize();
  const closures = closureRows(timeline);
  const streamLifetimeMs = summarizeRead(closures.length, (i) => closures.table.elapsedMsOf(closures.row(i)));
  const sessionCreationGapMs = created.creationGapMs;
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
      sessionsCreated: census.createdCount,
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
    ...describeSessions(created.first, census.createdCount, census, timeline),
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
  /** How many sessions were created in the log. */
  readonly createdCount: number;
  /** The first MAX_REPORT_SESSIONS of them, in the timeline's order: the report lists no more. */
  readonly firstCreated: Session[];
  /** The gaps between consecutive creations in the timeline's order, while their times ascend in it; null from the first that does not. */
  readonly creationGaps: GatheredValues | null;
  /** Only the first MAX_REPORT_SESSIONS: the report lists no more, and counts the rest. */
  readonly usedOnly: Session[];
  readonly usedOnlyCount: number;
  readonly orphaned: number;
  readonly wipedByRestart: number;
}

/**
 * One pass over the sessions for every count the report takes of them: a busy log has hundreds of
 * thousands. A session makes its creation and its end anew at each read: each is read once here.
 * The timeline lists sessions in the order they were first seen, mostly their creation's: while
 * the creation times ascend in it, that is the report's order, and the gaps between them are
 * gathered as they come, out of memory (GatheredValues), with no list as long as the sessions.
 * Kept for a sort and the gaps, their times were 4 bytes a session held through the report, where
 * the run's peak is: 22.5 MiB of the 16 GiB events log's (5.9 million sessions).
 */
function takeSessionCensus(sessions: RecordList<Session>): SessionCensus {
  const census = {
    createdCount: 0,
    firstCreated: [] as Session[],
    creationGaps: new GatheredValues("the sessions' creation gaps") as GatheredValues | null,
    usedOnly: [] as Session[],
    usedOnlyCount: 0,
    orphaned: 0,
    wipedByRestart: 0,
  };
  let previousAt = 0;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions.at(i)!;
    if (isCreatedInLog(s)) {
      const at = creationTime(s);
      if (census.createdCount > 0 && census.creationGaps !== null) {
        // As isAscending asks (a NaN is out of order): from the first time a sort would move.
        if (at >= previousAt) census.creationGaps.add(at - previousAt);
        else census.creationGaps = null;
      }
      previousAt = at;
      if (census.createdCount++ < MAX_REPORT_SESSIONS) census.firstCreated.push(s);
    } else if (census.usedOnlyCount++ < MAX_REPORT_SESSIONS) census.usedOnly.push(s);
    // The kind read from the end's row: the end's record, made at each read, was one object per ended session.
    const endKind = (s as LoggedSession).endKind;
    if (endKind === null) census.orphaned++;
    else if (endKind === "restart") census.wipedByRestart++;
  }
  return census;
}

/**
 * The created sessions by creation time (equal ones in the timeline's order): the first
 * MAX_REPORT_SESSIONS of them (the report lists no more), and the time between consecutive ones.
 * When the census found them in that order already, both are its own. Else their positions and
 * times are read again, kept (4 bytes each where they fit: Positions, NearNumbers) and sorted.
 */
function inCreationOrder(census: SessionCensus, sessions: RecordList<Session>): { first: Session[]; creationGapMs: Distribution } {
  const gaps = census.creationGaps;
  if (gaps !== null) {
    // Settled, the gaps' blocks go: the census is held to the report's end.
    gaps.settle();
    return { first: census.firstCreated, creationGapMs: gaps.summarize() };
  }
  const n = census.createdCount;
  const created = new Positions(n);
  const createdAt = new NearNumbers(n);
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions.at(i)!;
    if (!isCreatedInLog(s)) continue;
    createdAt.push(creationTime(s));
    created.push(i);
  }
  const order = orderBySeq(n, (i) => createdAt.get(i));
  const first = new Array<Session>(Math.min(n, MAX_REPORT_SESSIONS));
  for (let k = 0; k < first.length; k++) first[k] = sessions.at(created.get(order[k]!))!;
  // Read where they are kept (summarizeRead): gathered, the gaps were an array as long as the sessions.
  const creationGapMs = summarizeRead(Math.max(0, n - 1), (k) => createdAt.get(order[k + 1]!) - createdAt.get(order[k]!));
  return { first, creationGapMs };
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

