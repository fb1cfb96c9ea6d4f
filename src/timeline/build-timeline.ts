import type { Event, LineRef } from "../events.js";
import { classifyReinitializations } from "./classify-reinitializations.js";
import { clientKeyOf } from "./client-key.js";
import { groupIntoBatches } from "./group-batches.js";
import { matchResponses, type SequencedRequest, type SequencedResponse } from "./match-responses.js";
import type { ActiveSample, Client, LogFacts, RequestRecord, ResponseRecord, Restart, Session, SessionEnd, SessionEndKind, StreamClosure, Timeline } from "./model.js";
import { deepFreeze } from "./deep-freeze.js";

export interface TimelineOptions {
  readonly batchGapMs: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type SessionDraft = Mutable<Omit<Session, "requests" | "streamClosures">> & { requests: RequestRecord[]; streamClosures: StreamClosure[] };
interface Sequenced {
  readonly seq: number;
  readonly event: Event;
}

/** Folds a log's events (in log order) into sessions, clients, batches, restarts and losses. */
export async function buildTimeline(events: AsyncIterable<Event>, options: TimelineOptions): Promise<Timeline> {
  const all: Sequenced[] = [];
  for await (const event of events) all.push({ seq: all.length, event });
  return deepFreeze(foldEvents(all, options));
}

function foldEvents(all: readonly Sequenced[], options: TimelineOptions): Timeline {
  const requests = all.filter((s): s is SequencedRequest => s.event.kind === "request");
  const responses = all.filter((s): s is SequencedResponse => s.event.kind === "response");
  const answered = matchResponses(requests, responses);
  const identities = new Map<string, ClientIdentity>();
  const records = toRequestRecords(requests, answered, identities);
  const clients = groupClients(records, identities, options.batchGapMs);
  const withBatches = new Map(clients.flatMap((c) => c.requests.map((r) => [r.seq, r] as const)));
  const tracked = trackSessions(all, withBatches, answered);
  const sessions = [...tracked.sessions.values()] as Session[];
  const statusCounts: Record<string, number> = {};
  for (const { event } of responses) if (event.status !== null) statusCounts[event.status] = (statusCounts[event.status] ?? 0) + 1;
  const ordered = records.map((r) => withBatches.get(r.seq)!);
  return {
    batchGapMs: options.batchGapMs,
    ...timeRange(all),
    requests: ordered,
    clients,
    sessions,
    restarts: tracked.restarts,
    ...classifyReinitializations(clients, sessions),
    activeSamples: tracked.activeSamples,
    streamClosures: tracked.streamClosures,
    statusCounts,
    facts: collectFacts(all, ordered),
  };
}

function timeRange(all: readonly Sequenced[]): { firstAt: number | null; lastAt: number | null } {
  let firstAt = Infinity;
  let lastAt = -Infinity;
  for (const { event } of all) {
    if (event.at < firstAt) firstAt = event.at;
    if (event.at > lastAt) lastAt = event.at;
  }
  return all.length > 0 ? { firstAt, lastAt } : { firstAt: null, lastAt: null };
}

interface ClientIdentity {
  readonly userAgent: string | null;
  readonly remoteAddress: string | null;
}

function toRequestRecords(
  requests: readonly SequencedRequest[],
  answered: Map<number, SequencedResponse>,
  identities: Map<string, ClientIdentity>,
): RequestRecord[] {
  const seenIds = new Set<string>();
  return requests.map(({ seq, event }) => {
    const clientKey = clientKeyOf(event.userAgent, event.remoteAddress);
    if (!identities.has(clientKey)) identities.set(clientKey, { userAgent: event.userAgent, remoteAddress: event.remoteAddress });
    const matched = answered.get(seq);
    const response: ResponseRecord | null = matched
      ? { seq: matched.seq, at: matched.event.at, ref: matched.event.ref, sessionId: matched.event.sessionId, status: matched.event.status }
      : null;
    // Logs without the JSON-RPC body (pino, proxies) still show an initialize: a session-less
    // request answered with an id that no request had used before.
    const inferred = event.isInitialize === null && event.sessionId === null && typeof response?.sessionId === "string" && !seenIds.has(response.sessionId);
    if (typeof event.sessionId === "string") seenIds.add(event.sessionId);
    return {
      seq,
      at: event.at,
      ref: event.ref,
      clientKey,
      httpMethod: event.httpMethod,
      rpcMethod: event.rpcMethod,
      sessionId: event.sessionId,
      isInitialize: inferred ? true : event.isInitialize,
      initializeInferred: inferred,
      response,
      batch: -1,
    };
  });
}

function groupClients(records: readonly RequestRecord[], identities: Map<string, ClientIdentity>, batchGapMs: number): Client[] {
  const byKey = new Map<string, RequestRecord[]>();
  for (const record of records) {
    const list = byKey.get(record.clientKey);
    if (list) list.push(record);
    else byKey.set(record.clientKey, [record]);
  }
  return [...byKey.entries()].map(([key, list]) => {
    const indexes = groupIntoBatches(list.map((r) => r.at), batchGapMs);
    const withBatch = list.map((r, i) => ({ ...r, batch: indexes[i]! }));
    const batches: { index: number; startAt: number; endAt: number; requests: RequestRecord[] }[] = [];
    for (const request of withBatch) {
      const current = batches[request.batch];
      if (current) {
        current.requests.push(request);
        current.endAt = request.at;
      } else batches.push({ index: request.batch, startAt: request.at, endAt: request.at, requests: [request] });
    }
    return { key, ...identities.get(key)!, requests: withBatch, batches };
  });
}

/** Walks the log in order, keeping the set of sessions alive on the server. */
function trackSessions(all: readonly Sequenced[], records: Map<number, RequestRecord>, answered: Map<number, SequencedResponse>) {
  const sessions = new Map<string, SessionDraft>();
  const live = new Set<string>();
  const restarts: Restart[] = [];
  const activeSamples: ActiveSample[] = [];
  const streamClosures: StreamClosure[] = [];
  const answeredBy = new Map<number, RequestRecord>();
  for (const [requestSeq, response] of answered) answeredBy.set(response.seq, records.get(requestSeq)!);
  const countsLogged = all.some(({ event }) => "activeSessions" in event && event.activeSessions !== null);
  // session_created lines without a response to tie them to are given to the latest initialize.
  const unclaimedInitializes: RequestRecord[] = [];
  // A server logs session_closed while handling a DELETE, before the DELETE's response line.
  const deleteRequested = new Set<string>();

  const sessionFor = (id: string, seq: number, at: number, ref: LineRef): SessionDraft => {
    let session = sessions.get(id);
    if (!session) {
      session = { id, created: null, createdBy: null, owner: null, requests: [], streamClosures: [], end: null, startSeq: seq, startAt: at, startRef: ref };
      sessions.set(id, session);
      live.add(id);
    }
    return session;
  };
  const endSession = (session: SessionDraft, kind: SessionEndKind, seq: number, at: number, ref: LineRef) => {
    if (session.end) return;
    session.end = { kind, seq, at, ref } satisfies SessionEnd;
    live.delete(session.id);
  };
  const claim = (session: SessionDraft, request: RequestRecord) => {
    session.createdBy = request;
    session.owner = request.clientKey;
    if (request.seq < session.startSeq) Object.assign(session, { startSeq: request.seq, startAt: request.at, startRef: request.ref });
    const index = unclaimedInitializes.indexOf(request);
    if (index !== -1) unclaimedInitializes.splice(index, 1);
  };
  const sampleCount = (seq: number, at: number, ref: LineRef) => {
    if (!countsLogged) activeSamples.push({ seq, at, ref, active: live.size, source: "counted" });
  };
  /** A server count below what the log explains means sessions vanished without a line: a restart. */
  const checkLoggedCount = (reported: number | null, position: { seq: number; at: number }, ref: LineRef, keep: string | null) => {
    if (reported === null) return;
    if (reported < live.size) {
      const explained = live.size;
      const wiped = [...live].filter((id) => id !== keep);
      for (const id of wiped) endSession(sessions.get(id)!, "restart", position.seq, position.at, ref);
      restarts.push({ ...position, ref, evidence: "active-count-drop", pid: null, reportedActive: reported, explainedActive: explained, wipedSessions: wiped });
    }
  };

  for (const { seq, event } of all) {
    switch (event.kind) {
      case "request": {
        const request = records.get(seq)!;
        if (typeof request.sessionId === "string") {
          const session = sessionFor(request.sessionId, seq, event.at, event.ref);
          session.requests.push(request);
          if (session.owner === null) session.owner = request.clientKey;
          if (request.httpMethod === "DELETE") deleteRequested.add(session.id);
          if (request.httpMethod === "DELETE" && request.response === null) {
            endSession(session, "deleted", seq, event.at, event.ref);
            sampleCount(seq, event.at, event.ref);
          }
        } else if (request.sessionId === null && request.isInitialize === true) {
          unclaimedInitializes.push(request);
        }
        break;
      }
      case "response": {
        const request = answeredBy.get(seq);
        if (!request) break;
        if (request.isInitialize === true && request.sessionId === null && typeof event.sessionId === "string") {
          const session = sessionFor(event.sessionId, seq, event.at, event.ref);
          if (session.createdBy !== request) claim(session, request);
          sampleCount(seq, event.at, event.ref);
        }
        if (typeof request.sessionId !== "string") break;
        const session = sessions.get(request.sessionId)!;
        // Spec: a server that terminated a session MUST answer its id with 404 (Session Management, item 3).
        if (event.status === 404) endSession(session, "not-found", seq, event.at, event.ref);
        if (request.httpMethod === "DELETE" && event.status !== null && event.status >= 200 && event.status < 300) {
          endSession(session, "deleted", seq, event.at, event.ref);
          sampleCount(seq, event.at, event.ref);
        }
        break;
      }
      case "session-created": {
        const session = sessionFor(event.sessionId, seq, event.at, event.ref);
        session.created = { seq, at: event.at, ref: event.ref, activeSessions: event.activeSessions };
        if (session.createdBy === null && unclaimedInitializes.length > 0) claim(session, unclaimedInitializes[unclaimedInitializes.length - 1]!);
        // The initialize that made this session was handled by the restarted process, so the
        // restart came before that request.
        const position = session.createdBy ?? { seq, at: event.at };
        checkLoggedCount(event.activeSessions, { seq: position.seq, at: position.at }, event.ref, session.id);
        if (event.activeSessions !== null) activeSamples.push({ seq, at: event.at, ref: event.ref, active: event.activeSessions, source: "logged" });
        else sampleCount(seq, event.at, event.ref);
        break;
      }
      case "session-closed":
      case "session-removed": {
        const session = sessions.get(event.sessionId) ?? sessionFor(event.sessionId, seq, event.at, event.ref);
        const kind = deleteRequested.has(session.id) ? "deleted" : event.kind === "session-closed" ? "closed" : "removed";
        endSession(session, kind, seq, event.at, event.ref);
        checkLoggedCount(event.activeSessions, { seq, at: event.at }, event.ref, null);
        if (event.activeSessions !== null) activeSamples.push({ seq, at: event.at, ref: event.ref, active: event.activeSessions, source: "logged" });
        else sampleCount(seq, event.at, event.ref);
        break;
      }
      case "stream-closed": {
        const closure: StreamClosure = { seq, at: event.at, ref: event.ref, sessionId: event.sessionId, elapsedMs: event.elapsedMs };
        streamClosures.push(closure);
        if (event.sessionId !== null) sessions.get(event.sessionId)?.streamClosures.push(closure);
        break;
      }
      case "server-started": {
        // A start line that opens the log is a start, not a restart.
        if (seq === 0) break;
        const wiped = [...live];
        for (const id of wiped) endSession(sessions.get(id)!, "restart", seq, event.at, event.ref);
        restarts.push({ seq, at: event.at, ref: event.ref, evidence: "server-started", pid: event.pid, reportedActive: null, explainedActive: null, wipedSessions: wiped });
        sampleCount(seq, event.at, event.ref);
        break;
      }
    }
  }
  return { sessions, restarts, activeSamples, streamClosures };
}

function collectFacts(all: readonly Sequenced[], requests: readonly RequestRecord[]): LogFacts {
  let responses = 0;
  let sessionCreatedLines = 0;
  let loggedActiveCounts = 0;
  let streamClosures = 0;
  let serverStartedLines = 0;
  for (const { event } of all) {
    if (event.kind === "response") responses++;
    else if (event.kind === "stream-closed") streamClosures++;
    else if (event.kind === "server-started") serverStartedLines++;
    if (event.kind === "session-created") sessionCreatedLines++;
    if ("activeSessions" in event && event.activeSessions !== null) loggedActiveCounts++;
  }
  const userAgentMissing = (r: RequestRecord) => r.clientKey.startsWith("(no user-agent)");
  return {
    requests: requests.length,
    responses,
    requestsWithoutSessionField: requests.filter((r) => r.sessionId === undefined).length,
    requestsWithoutUserAgent: requests.filter(userAgentMissing).length,
    requestsOfUnknownKind: requests.filter((r) => r.isInitialize === null).length,
    inferredInitializes: requests.filter((r) => r.initializeInferred).length,
    sessionCreatedLines,
    loggedActiveCounts,
    streamClosures,
    serverStartedLines,
  };
}
