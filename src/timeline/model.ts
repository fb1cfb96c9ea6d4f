import type { LineRef } from "../events.js";
import type { Tallies } from "./walk-feed.js";

/**
 * The model every analyzer reads. Built once from the events and read-only from then on:
 * analyzers and renderers never change it (the rule tests freeze it to prove so; freezing a
 * multi-million-object model on every run cost a twentieth of the time). `seq` is the
 * position in the log, which orders events that share a timestamp.
 */
export interface ResponseRecord {
  readonly seq: number;
  readonly at: number;
  readonly ref: LineRef;
  /** `undefined` when the response header was not logged. */
  readonly sessionId: string | null | undefined;
  readonly status: number | null;
  /** The instance that answered (`--instance-from`), or null when not labelled. */
  readonly instance: string | null;
}

export interface RequestRecord {
  readonly seq: number;
  readonly at: number;
  readonly ref: LineRef;
  readonly clientKey: string;
  readonly httpMethod: string | null;
  readonly rpcMethod: string | null;
  /** `undefined` when the log did not record the request header at all. */
  readonly sessionId: string | null | undefined;
  /** `null` when the log cannot tell (no is_initialize, no rpc_method, nothing to infer from). */
  readonly isInitialize: boolean | null;
  /** True when isInitialize was inferred from a session-less request answered with a new id. */
  readonly initializeInferred: boolean;
  readonly response: ResponseRecord | null;
  /** The client's batch: its `Batch.index` (a position in `client.batches` until `--client`/`--session` filter batches out). */
  readonly batch: number;
  /** The instance that received the request (`--instance-from`), or null when not labelled. */
  readonly instance: string | null;
}

/** Records in log order, read one at a time: the timeline keeps them as rows of columns (request-list.ts), not as objects. */
export interface RecordList<T> extends Iterable<T> {
  readonly length: number;
  /** A new record at each call, undefined past either end (a negative index counts from the end, as Array's `at`). */
  at(index: number): T | undefined;
}

export type RequestList = RecordList<RequestRecord>;

export type SessionEndKind = "deleted" | "closed" | "removed" | "restart" | "not-found";

export interface SessionEnd {
  readonly kind: SessionEndKind;
  readonly seq: number;
  readonly at: number;
  readonly ref: LineRef;
}

export interface StreamClosure {
  readonly seq: number;
  readonly at: number;
  readonly ref: LineRef;
  readonly sessionId: string | null;
  readonly elapsedMs: number | null;
}

export interface Session {
  readonly id: string;
  /** The session_created line, when logged. */
  readonly created: { readonly seq: number; readonly at: number; readonly ref: LineRef; readonly activeSessions: number | null } | null;
  /** The initialize request whose response (or session_created line) gave this id. */
  readonly createdBy: RequestRecord | null;
  readonly owner: string | null;
  /** Requests that carried this id in their mcp-session-id header. */
  readonly requests: RequestList;
  readonly streamClosures: RecordList<StreamClosure>;
  readonly end: SessionEnd | null;
  /** Where the session is first known to exist: its initialize, its creation line, or its first use. */
  readonly startSeq: number;
  readonly startAt: number;
  readonly startRef: LineRef;
  /** The instance that created the session (its session_created line, else its initialize's response), or null. */
  readonly instance: string | null;
}

export interface Batch {
  readonly index: number;
  readonly startAt: number;
  readonly endAt: number;
  readonly requests: RequestList;
}

export interface Client {
  readonly key: string;
  readonly userAgent: string | null;
  readonly remoteAddress: string | null;
  readonly requests: RequestList;
  readonly batches: readonly Batch[];
  /** How many batches: `batches.length`, which may build every batch to be counted (logged-client.ts). */
  readonly batchCount: number;
}

export interface Restart {
  readonly seq: number;
  readonly at: number;
  readonly ref: LineRef;
  readonly evidence: "server-started" | "active-count-drop";
  readonly pid: number | null;
  /** For an inferred restart: what the line reported and what the log explained. */
  readonly reportedActive: number | null;
  readonly explainedActive: number | null;
  readonly wipedSessions: readonly string[];
  /** The instance that restarted (only its sessions are wiped), or null when not labelled. */
  readonly instance: string | null;
}

/** Why a client sent an initialize without a session id. */
export type ReinitializeKind = "first" | "loss" | "after-restart" | "after-not-found" | "after-end";

export interface Reinitialization {
  readonly request: RequestRecord;
  readonly kind: ReinitializeKind;
  /** For a loss: the newest of the client's sessions still alive on the server (at most 20). */
  readonly aliveSessions: readonly string[];
  /** How many of the client's sessions were alive. */
  readonly aliveCount: number;
  /** Time since the client's previous request, or null for its first. */
  readonly idleGapMs: number | null;
}

/** Which facts the log carried, so the report can say what it could not check. */
export interface LogFacts {
  readonly requests: number;
  readonly responses: number;
  readonly requestsWithoutSessionField: number;
  readonly requestsWithoutUserAgent: number;
  readonly requestsOfUnknownKind: number;
  readonly inferredInitializes: number;
  readonly sessionCreatedLines: number;
  readonly loggedActiveCounts: number;
  readonly streamClosures: number;
  readonly serverStartedLines: number;
}

export interface Timeline {
  readonly batchGapMs: number;
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  readonly requests: RequestList;
  readonly clients: readonly Client[];
  /** In the order they were first seen; a record made at each read (logged-session.ts): compare sessions by id, never by identity. */
  readonly sessions: RecordList<Session>;
  readonly restarts: readonly Restart[];
  /**
   * In log order; a record made at each read (classified-columns.ts). A timeline built to keep only
   * the re-initializes a filter may keep (TimelineOptions.reinitializationsFor) throws at any read:
   * its observers were told them (WalkObserver.reinitialization), and the filtered timeline has its own.
   */
  readonly reinitializations: RecordList<Reinitialization>;
  /** Sessions their client started over from while they were alive, without DELETE; in the order of their start. */
  readonly abandonedSessions: RecordList<Session>;
  readonly streamClosures: RecordList<StreamClosure>;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly facts: LogFacts;
  /** What the observers of the walk gathered (walk-feed.ts): read by kind, `tallies.of(RequestCounts)`. */
  readonly tallies: Tallies;
}
