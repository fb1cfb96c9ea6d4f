import type { Report, TimelineEntry } from "../report.js";
import { displayText, shortId } from "./escape.js";
import { formatClock, formatCount, formatDuration, formatInteger, truncateText } from "./format.js";

type InitializeEntry = Extract<TimelineEntry, { type: "initialize" }>;

const MAX_VALUE_CHARS = 200;
const MAX_ALIVE_LISTED = 3;

/**
 * Log values go inside a ``` fence. A fence only closes at the start of a line and displayText
 * removes line breaks, but backticks are replaced anyway so no later edit can make one count.
 */
function fenceText(s: string): string {
  return displayText(truncateText(s, MAX_VALUE_CHARS)).replace(/`/g, "'");
}

interface TimelineContext {
  readonly fullIds: boolean;
  /** Only name the client when there is more than one to tell apart. */
  readonly showClient: boolean;
}

function formatSid(sessionId: string | null, context: TimelineContext): string {
  return sessionId === null ? "NULL" : fenceText(shortId(sessionId, context.fullIds));
}

function formatClientSuffix(client: string, context: TimelineContext): string {
  return context.showClient ? `  [${fenceText(client)}]` : "";
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `44.6 minute`, as the seed report words idle gaps. */
function formatIdleGapLength(ms: number): string {
  return ms < HOUR ? `${(ms / MINUTE).toFixed(1)} minute` : `${(ms / HOUR).toFixed(1)} hour`;
}

/** A long-churning client leaves dozens of sessions alive: past a few, count them instead. */
function describeAliveSessions(ids: readonly string[], count: number, context: TimelineContext): string {
  if (count <= MAX_ALIVE_LISTED && ids.length === count) return `${ids.map((id) => formatSid(id, context)).join(", ")} still alive`;
  return `${count} sessions still alive, newest ${formatSid(ids.at(-1)!, context)}`;
}

function describeLoss(entry: InitializeEntry, context: TimelineContext): string {
  const details: string[] = [];
  if (entry.aliveSessions.length > 0) details.push(describeAliveSessions(entry.aliveSessions, entry.aliveCount, context));
  if (entry.idleGapMs !== null) details.push(`idle ${formatDuration(entry.idleGapMs)}`);
  return details.length > 0 ? `← SESSION DROPPED (${details.join("; ")})` : "← SESSION DROPPED";
}

const INITIALIZE_NOTES: Readonly<Record<Exclude<InitializeEntry["kind"], "loss">, string>> = {
  first: "",
  "after-restart": "← after server restart (correct)",
  "after-not-found": "← after 404 (correct)",
  "after-end": "← after session ended",
};

function describeInitialize(entry: InitializeEntry, context: TimelineContext): string {
  const note = entry.kind === "loss" ? describeLoss(entry, context) : INITIALIZE_NOTES[entry.kind];
  const request = `${formatClock(entry.at)}  REQUEST sid=NULL (initialize)`;
  return `${note === "" ? request : `${request}  ${note}`}${formatClientSuffix(entry.client, context)}`;
}

function describeRequests(entry: Extract<TimelineEntry, { type: "requests" }>, context: TimelineContext): string {
  const from = formatClock(entry.at);
  const until = formatClock(entry.until);
  const time = from === until ? from : `${from}–${until}`;
  const survived = entry.afterStreamClosed ? "  ← survived SSE disconnect" : "";
  const requests = `${formatCount(entry.count, "request")} with sid=${formatSid(entry.sessionId, context)}`;
  return `${time}  ${requests}${survived}${formatClientSuffix(entry.client, context)}`;
}

function describeEntry(entry: TimelineEntry, context: TimelineContext): string {
  switch (entry.type) {
    case "server-restart":
      return `${formatClock(entry.at)}  SERVER RESTART (${fenceText(entry.detail)})`;
    case "session-created": {
      const active = entry.activeSessions === null ? "" : ` (active=${entry.activeSessions})`;
      return `${formatClock(entry.at)}  SESSION ${formatSid(entry.sessionId, context)} created${active}`;
    }
    case "initialize":
      return describeInitialize(entry, context);
    case "requests":
      return describeRequests(entry, context);
    case "stream-closed": {
      const elapsed = entry.elapsedMs === null ? "" : ` (elapsed=${formatInteger(entry.elapsedMs)}ms)`;
      const sid = entry.sessionId === null ? "(no session id)" : formatSid(entry.sessionId, context);
      return `${formatClock(entry.at)}  SSE DISCONNECT ${sid}${elapsed}`;
    }
    case "session-ended":
      return `${formatClock(entry.at)}  SESSION ${formatSid(entry.sessionId, context)} ended (${entry.endedBy})`;
    case "idle-gap":
      return `~~~ ${formatIdleGapLength(entry.ms)} idle gap ~~~`;
  }
}

/** One line per timeline entry, in the style of the seed report's Capture 1. */
export function renderTimelineLines(report: Report, fullIds: boolean): string[] {
  const context: TimelineContext = { fullIds, showClient: report.clients.length > 1 };
  return report.timeline.map((entry) => describeEntry(entry, context));
}

/**
 * The Timeline section. `omitted` counts entries the report builder left out; `cut` those this
 * renderer dropped to keep the markdown under GitHub's size limit.
 */
export function renderTimelineSection(lines: readonly string[], omitted: number, cut: number): string {
  const body = lines.length > 0 ? [...lines] : ["(no events)"];
  if (omitted + cut > 0) body.push(`… ${formatInteger(omitted + cut)} more entries (see --format json)`);
  const note = cut > 0 ? `\n\nThe timeline was shortened to keep this report under GitHub's 65,536-character limit.` : "";
  return `## Timeline\n\n\`\`\`text\n${body.join("\n")}\n\`\`\`${note}`;
}
