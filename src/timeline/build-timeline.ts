import type { Event } from "../events.js";
import { classifyReinitializations } from "./classify-reinitializations.js";
import { clientKeyOf } from "./client-key.js";
import { groupIntoBatches } from "./group-batches.js";
import { matchResponses, type SequencedRequest, type SequencedResponse } from "./match-responses.js";
import type { Client, LogFacts, RequestRecord, ResponseRecord, Session, Timeline } from "./model.js";
import { trackSessions } from "./track-sessions.js";

export interface TimelineOptions {
  readonly batchGapMs: number;
}

interface Sequenced {
  readonly seq: number;
  readonly event: Event;
}

/**
 * Folds a log's events (in log order) into sessions, clients, batches, restarts and losses. The
 * events come in batches: one await per batch, not one per event, is what keeps reading cheap.
 */
export async function buildTimeline(batches: AsyncIterable<readonly Event[]>, options: TimelineOptions): Promise<Timeline> {
  const all: Sequenced[] = [];
  for await (const batch of batches) for (const event of batch) all.push({ seq: all.length, event });
  return foldEvents(all, options);
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
      instance: event.instance ?? null,
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
