import { withRoomFor } from "../grown-column.js";
import type { Interner } from "./interner.js";
import { KeptClient, keptBatchCount } from "./kept-client.js";
import type { Client, RecordList, Session, StreamClosure, Timeline } from "./model.js";
import type { Reinitializations } from "./classified-columns.js";
import { filterableReinitializations } from "./unkept-reinitializations.js";
import type { LoggedSession } from "./logged-session.js";
import { RowList, type RowTable } from "./request-list.js";
import { closureRows, requestRows, rowsOf } from "./rows.js";
import { SessionsAt } from "./sessions-at.js";
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
  const all = requestRows(timeline);
  const { strings } = all.table;
  const clientMatches = clientMatcher(filter);
  // Clients' keys and session ids by their numbers, each distinct one asked once (a session's id made once, for --session only).
  const clientOf = verdictsByCode(strings, clientMatches);
  const sessionOf = filter.session === null ? null : verdictsByCode(strings, sessionMatcher(filter.session));
  const whole = timeline.sessions as RecordList<Session> as RecordList<LoggedSession>;
  const sessions = keptSessions(whole, (s) => clientOf(s.ownerCode) && (sessionOf === null || sessionOf(s.idCode)));
  const sessionOfCode = sessionsByCode(sessions);
  const isKept = (code: number) => code >= 0 && sessionOfCode(code) !== null;
  const keptRows = keepRows(all, clientOf, sessionOf, sessions);
  const requests = keptList(all, keptRows);
  const reinitializations = keptReinitializations(timeline, filter, keptRows, sessions, requests === all && sessions === whole);
  return {
    ...timeline,
    requests,
    clients: keptClients(timeline.clients, clientMatches, keptRows),
    sessions,
    reinitializations,
    abandonedSessions: (timeline.abandonedSessions as SessionsAt).keep((s) => isKept((s as LoggedSession).idCode)),
    streamClosures: keptClosures(timeline, isKept),
    statusCounts: statusCountsOf(requests),
    // The observers of re-initializes are told the kept ones, with their counts of alive sessions less those dropped.
    tallies: timeline.tallies.replay(all, keptRows, sessionOfCode, reinitializations),
  };
}

/**
 * The re-initializes of the requests kept, a loss naming only sessions that survive the filter, so
 * nothing points outside the model. The kept sessions' ids, which the list asks by string, are
 * held only while it is made (371,000 strings and their Set, 22 MB at 1 GiB). A filter that keeps
 * every request and session (`keepsAll`) keeps every re-initialize, each naming every session it
 * named (the timeline's sessions): the list itself.
 */
function keptReinitializations(timeline: Timeline, filter: TimelineFilter, keptRows: Uint8Array, sessions: RecordList<Session>, keepsAll: boolean): Reinitializations {
  const whole = filterableReinitializations(timeline, filter);
  return keepsAll ? whole : whole.keep(keptRows, new Set(Array.from(sessions, (s) => s.id)));
}

/** How many of `requests` were answered with each status (none for an unanswered request or an answer without status). */
function statusCountsOf(requests: RowList): Record<string, number> {
  const counts: Record<string, number> = {};
  const request = requests.table.cursor();
  for (let i = 0; i < requests.length; i++) {
    const status = request.moveTo(requests.row(i)).responseStatus;
    if (status !== null) counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/**
 * Whether each request (by row) is kept, decided once for every list that holds it: its client's
 * key matches, and with `--session` its session's id, or it created a kept session. Read from the
 * rows' numbers: a record per request (2 million at 1 GiB, each making its strings) was 145 ms and
 * the young generation's churn.
 */
function keepRows(all: RowList, clientOf: (code: number) => boolean, sessionOf: ((code: number) => boolean) | null, sessions: RecordList<LoggedSession>): Uint8Array {
  const { table } = all;
  const creators = new Set<number>();
  if (sessionOf) for (const s of sessions) if (s.createdByRow !== -1) creators.add(table.seqOf(s.createdByRow));
  const keptRows = new Uint8Array(table.length);
  for (let i = 0; i < all.length; i++) {
    const row = all.row(i);
    if (clientOf(table.clientCodeOf(row)) && (sessionOf === null || sessionOf(table.sessionCodeOf(row)) || creators.has(table.seqOf(row)))) keptRows[row] = 1;
  }
  return keptRows;
}

/** `decide` of a string of `strings`, by its number: asked once per number, null and undefined at each ask. */
function verdictsByCode(strings: Interner, decide: (value: string | null | undefined) => boolean): (code: number) => boolean {
  // 0 while not asked, then 1 (yes) or 2 (no).
  let verdicts = new Uint8Array(1024);
  return (code) => {
    if (code < 0) return decide(strings.string(code));
    if (code >= verdicts.length) verdicts = withRoomFor(verdicts, code);
    let verdict = verdicts[code]!;
    if (verdict === 0) verdicts[code] = verdict = decide(strings.string(code)) ? 1 : 2;
    return verdict === 1;
  };
}

/** The rows of `list` kept (by row, 1 in `keptRows`): the list itself when it keeps them all. */
function keptList(list: RowList, keptRows: Uint8Array): RowList {
  return keptRowsOf(list, (row) => keptRows[row] === 1);
}

/** The rows of `list` that `keeps`, counted and then filled: the list itself when it keeps them all. */
function keptRowsOf<T, Table extends RowTable<T>>(list: RowList<T, Table>, keeps: (row: number) => boolean): RowList<T, Table> {
  let count = 0;
  for (let i = 0; i < list.length; i++) if (keeps(list.row(i))) count++;
  if (count === list.length) return list;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; k < count; i++) if (keeps(list.row(i))) rows[k++] = list.row(i);
  return new RowList<T, Table>(list.table, rows, 0, count);
}

/**
 * The clients with a request kept, each with those: the client itself when it keeps them all, else
 * a KeptClient (its batches made when asked). A client's requests all carry its key, so a client
 * whose key does not match keeps none, its rows unread.
 */
function keptClients(clients: readonly Client[], clientMatches: (key: string | null | undefined) => boolean, keptRows: Uint8Array): Client[] {
  const kept: Client[] = [];
  for (const client of clients) {
    if (!clientMatches(client.key)) continue;
    const whole = rowsOf(client.requests);
    const requests = keptList(whole, keptRows);
    if (requests.length === 0) continue;
    if (requests === whole) kept.push(client);
    else kept.push(new KeptClient(client, requests, keptBatchCount(requests)));
  }
  return kept;
}

/** Whether a session id starts with `prefix` (`--session`). */
function sessionMatcher(prefix: string): (id: string | null | undefined) => boolean {
  return (id) => typeof id === "string" && id.startsWith(prefix);
}

/** Whether `filter` keeps a client, by its key: a case-insensitive substring (`--client`), any without one. */
function clientMatcher(filter: TimelineFilter): (key: string | null | undefined) => boolean {
  const needle = filter.client?.toLowerCase() ?? null;
  return (key) => needle === null || (typeof key === "string" && key.toLowerCase().includes(needle));
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

/** The stream closures of the sessions kept, read by their session ids' numbers (a record each made the id's string); the list itself when it keeps them all. */
function keptClosures(timeline: Timeline, isKept: (sessionCode: number) => boolean): RecordList<StreamClosure> {
  const closures = closureRows(timeline);
  return keptRowsOf(closures, (row) => isKept(closures.table.sessionCodeOf(row)));
}

/** The sessions `isKept` keeps, as their positions in `whole` (SessionsAt): `whole` itself when all. */
function keptSessions(whole: RecordList<LoggedSession>, isKept: (session: LoggedSession) => boolean): RecordList<LoggedSession> {
  const positions: number[] = [];
  for (let i = 0; i < whole.length; i++) if (isKept(whole.at(i)!)) positions.push(i);
  return positions.length === whole.length ? whole : new SessionsAt(whole, Int32Array.from(positions));
}

/** The sessions kept, by their ids' numbers in the timeline's strings: a dropped one is none. */
function sessionsByCode(sessions: RecordList<LoggedSession>): SessionOf {
  let size = 0;
  for (const session of sessions) size = Math.max(size, session.idCode + 1);
  const places = new Int32Array(size);
  for (let i = 0; i < sessions.length; i++) places[sessions.at(i)!.idCode] = i + 1;
  return (code) => (code < size && places[code] !== 0 ? sessions.at(places[code]! - 1)! : null);
}
