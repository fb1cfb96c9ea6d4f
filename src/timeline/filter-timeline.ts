import { withRoomFor } from "./grown-column.js";
import type { Interner } from "./interner.js";
import { KeptClient, keptBatchCount } from "./kept-client.js";
import type { Client, RecordList, Session, StreamClosure, Timeline } from "./model.js";
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
  const sessions = timeline.sessions.filter((s) => clientMatches(s.owner) && sessionMatches(s.id)) as readonly Session[] as readonly LoggedSession[];
  const kept = new Set(sessions.map((s) => s.id));
  const sessionOf = sessionsByCode(sessions);
  const isKept = (code: number) => code >= 0 && sessionOf(code) !== null;
  const all = requestRows(timeline);
  const keptRows = keepRows(all, clientMatches, filter.session === null ? null : sessionMatches, sessions);
  const requests = keptList(all, keptRows);
  const statusCounts: Record<string, number> = {};
  const request = all.table.cursor();
  for (let i = 0; i < requests.length; i++) {
    const status = request.moveTo(requests.row(i)).responseStatus;
    if (status !== null) statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  }
  // A loss keeps naming only sessions that survive the filter, so nothing points outside the model.
  const reinitializations = filterableReinitializations(timeline, filter).keep(keptRows, kept);
  return {
    ...timeline,
    requests,
    clients: keptClients(timeline.clients, clientMatches, keptRows),
    sessions,
    reinitializations,
    abandonedSessions: (timeline.abandonedSessions as SessionsAt).keep((s) => isKept((s as LoggedSession).idCode)),
    streamClosures: keptClosures(timeline, isKept),
    statusCounts,
    // The observers of re-initializes are told the kept ones, with their counts of alive sessions less those dropped.
    tallies: timeline.tallies.replay(all, keptRows, sessionOf, reinitializations),
  };
}

/**
 * Whether each request (by row) is kept, decided once for every list that holds it: its client's
 * key matches, and with `--session` its session's id, or it created a kept session. Read from the
 * rows' numbers, each distinct string asked once: a record per request (2 million at 1 GiB, each
 * making its strings) was 145 ms and the young generation's churn.
 */
function keepRows(all: RowList, clientMatches: (key: string | null | undefined) => boolean, sessionMatches: ((id: string | null | undefined) => boolean) | null, sessions: readonly LoggedSession[]): Uint8Array {
  const { table } = all;
  const clientOf = verdictsByCode(table.strings, clientMatches);
  const sessionOf = sessionMatches && verdictsByCode(table.strings, sessionMatches);
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

/** The rows of `list` kept: the list itself when it keeps them all. */
function keptList(list: RowList, keptRows: Uint8Array): RowList {
  let count = 0;
  for (let i = 0; i < list.length; i++) count += keptRows[list.row(i)]!;
  if (count === list.length) return list;
  const rows = new Int32Array(count);
  for (let i = 0, k = 0; k < count; i++) if (keptRows[list.row(i)] === 1) rows[k++] = list.row(i);
  return new RowList(list.table, rows, 0, count);
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

/** The stream closures of the sessions kept, read by their session ids' numbers (a record each made the id's string). */
function keptClosures(timeline: Timeline, isKept: (sessionCode: number) => boolean): RecordList<StreamClosure> {
  const closures = closureRows(timeline);
  const chosen: number[] = [];
  for (let i = 0; i < closures.length; i++) if (isKept(closures.table.sessionCodeOf(closures.row(i)))) chosen.push(closures.row(i));
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
