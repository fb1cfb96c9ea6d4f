import type { Client, RecordList, RequestList, Session, StreamClosure, Timeline } from "./model.js";
import { filterableReinitializations } from "./unkept-reinitializations.js";
import type { LoggedSession } from "./logged-session.js";
import { RowList } from "./request-list.js";
import { closureRows, requestRows, rowsOf } from "./rows.js";
import type { SessionsAt } from "./sessions-at.js";
import type { SessionOf } from "./walk-feed.js";

export interface TimelineFilter {
  /** Case-insensitive substring of the client key (user agent, plus address). */
  readonly client: string | null;
  /** Prefix of a session id, so the 8-character ids of a report work. */
  readonly session: string | null;
}

/**
 * Narrows the model to some clients or sessions. Server-wide facts (restarts, active counts)
 * stay whole: they describe the server, not a client.
 */
export function filterTimeline(timeline: Timeline, filter: TimelineFilter): Timeline {
  if (filter.client === null && filter.session === null) return timeline;
  const clientMatches = clientMatcher(filter);
  const sessionMatches = (id: string | null | undefined) => filter.session === null || (typeof id === "string" && id.startsWith(filter.session));
  const sessions = timeline.sessions.filter((s) => clientMatches(s.owner) && sessionMatches(s.id));
  const kept = new Set(sessions.map((s) => s.id));
  const creators = new Set(sessions.flatMap((s) => (s.createdBy ? [s.createdBy.seq] : [])));
  // Whether each request (by row) is kept, decided once for every list that holds it.
  const all = requestRows(timeline);
  const keptRows = new Uint8Array(all.table.length);
  for (const r of all) if (clientMatches(r.clientKey) && (filter.session === null || sessionMatches(r.sessionId) || creators.has(r.seq))) keptRows[r.row] = 1;
  const keepList = (list: RequestList): RowList => {
    const rows = rowsOf(list);
    const chosen: number[] = [];
    for (let i = 0; i < rows.length; i++) if (keptRows[rows.row(i)] === 1) chosen.push(rows.row(i));
    return new RowList(rows.table, Int32Array.from(chosen), 0, chosen.length);
  };
  const clients: Client[] = timeline.clients.flatMap((client) => {
    const requests = keepList(client.requests);
    if (requests.length === 0) return [];
    const batches = client.batches.map((b) => ({ index: b.index, startAt: b.startAt, endAt: b.endAt, requests: keepList(b.requests) })).filter((b) => b.requests.length > 0);
    return [{ key: client.key, userAgent: client.userAgent, remoteAddress: client.remoteAddress, requests, batches, batchCount: batches.length }];
  });
  const requests = keepList(all);
  const statusCounts: Record<string, number> = {};
  for (const r of requests) if (r.response?.status != null) statusCounts[r.response.status] = (statusCounts[r.response.status] ?? 0) + 1;
  // A loss keeps naming only sessions that survive the filter, so nothing points outside the model.
  const reinitializations = filterableReinitializations(timeline, filter).keep(keptRows, kept);
  return {
    ...timeline,
    requests,
    clients,
    sessions,
    reinitializations,
    abandonedSessions: (timeline.abandonedSessions as SessionsAt).keep(kept),
    streamClosures: keptClosures(timeline, kept),
    statusCounts,
    // The observers of re-initializes are told the kept ones, with their counts of alive sessions less those dropped.
    tallies: timeline.tallies.replay(all, keptRows, sessionsByCode(sessions as readonly Session[] as readonly LoggedSession[]), reinitializations),
  };
}

/** Whether `filter` keeps a client, by its key: a case-insensitive substring (`--client`), any without one. */
function clientMatcher(filter: TimelineFilter): (key: string | null) => boolean {
  const needle = filter.client?.toLowerCase() ?? null;
  return (key) => needle === null || (key !== null && key.toLowerCase().includes(needle));
}

/**
 * Whether `filter` may keep the re-initializes of the client keyed `key`, known when they are
 * classified (TimelineOptions.reinitializationsFor): none without a filter; else the kept clients'.
 * `--session` keeps a session-less request only if it created a kept session, a tie that a
 * session_created line logged far later may make (after the sweep): all of the kept clients' then.
 */
export function mayKeepReinitializationsOf(filter: TimelineFilter): (key: string | null) => boolean {
  if (filter.client === null && filter.session === null) return () => false;
  return clientMatcher(filter);
}

/** The stream closures of the sessions kept (by id). */
function keptClosures(timeline: Timeline, kept: ReadonlySet<string>): RecordList<StreamClosure> {
  const closures = closureRows(timeline);
  const chosen: number[] = [];
  for (let i = 0; i < closures.length; i++) {
    const { sessionId } = closures.at(i)!;
    if (sessionId !== null && kept.has(sessionId)) chosen.push(closures.row(i));
  }
  return new RowList(closures.table, Int32Array.from(chosen), 0, chosen.length);
}

/** The sessions kept, by their ids' numbers in the timeline's strings: a dropped one is none. */
function sessionsByCode(sessions: readonly LoggedSession[]): SessionOf {
  let size = 0;
  for (const session of sessions) size = Math.max(size, session.idCode + 1);
  const places = new Int32Array(size);
  sessions.forEach((session, i) => (places[session.idCode] = i + 1));
  return (code) => (code < size && places[code] !== 0 ? sessions[places[code]! - 1]! : null);
}
