import type { Event, LineRef } from "../events.js";
import { KINDS, PACKED, packEvents, requestIdAt, stringAt, type PackedEvents } from "../input/event-codec.js";
import { BatchLookups } from "./batch-lookups.js";
import { NO_ROW } from "./classified-columns.js";
import { ReinitializationSweep } from "./classify-reinitializations.js";
import { clientKeyOf } from "./client-key.js";
import { ClientsBySource } from "./clients-by-source.js";
import type { TimelineFilter } from "./filter-timeline.js";
import { FirstUse } from "./first-use.js";
import { withRoomFor } from "../grown-column.js";
import { ABSENT_CODE, NULL_CODE } from "./interner.js";
import { watchHeap } from "./heap-guard.js";
import { ResponseMatcher } from "./match-responses.js";
import type { LogFacts, Timeline } from "./model.js";
import { LoggedClient, packClients } from "./logged-client.js";
import { RequestTable } from "./records.js";
import { RowList } from "./request-list.js";
import { SERVER_LINE_KINDS, ServerLineQueue, type ServerLine, type ServerLineKind } from "./server-line-queue.js";
import { SessionTracker } from "./track-sessions.js";
import { WalkFeed, type Tally } from "./walk-feed.js";

export interface TimelineOptions {
  readonly batchGapMs: number;
  /** How many events the session walk trails the reading by; WALK_LAG unless a test sets it. */
  readonly walkLag?: number;
  /**
   * The observers the walk feeds (src/tallies.ts lists the report's and the rules'): given by the
   * caller, as the analyzers are, so that the timeline does not reach up into the rules.
   */
  readonly tallies: readonly Tally[];
  /**
   * The filter (`--client`/`--session`) the timeline is to be narrowed by (filterTimeline): only the
   * re-initializes it may keep are kept as a list (none without a filter), the timeline's list left
   * unreadable (UnkeptReinitializations); its observers are told every one. Absent: all are kept.
   */
  readonly reinitializationsFor?: TimelineFilter;
}

/** A model type as the fold fills it in, before it is handed out read-only. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A client and what the fold keeps of it at hand: one per client key, shared by the sources that spell the key. */
interface KnownClient {
  readonly client: LoggedClient;
  /** Its position in the fold's list of them. */
  readonly index: number;
}

/**
 * Folds a log's events (in log order) into sessions, clients, batches, restarts and losses. The
 * events come in batches: one await per batch, not one per event, is what keeps reading cheap.
 * A reading thread's batches come packed and are folded so; events read inline are packed first,
 * so that there is one fold: that cost the fold of inline events 1.4% more instructions than
 * folding the objects did, where packed batches cost 9% fewer (callgrind, 20 MB of the bench log).
 */
export async function buildTimeline(batches: AsyncIterable<readonly Event[] | PackedEvents>, options: TimelineOptions): Promise<Timeline> {
  const fold = new TimelineFold(options.batchGapMs, options.walkLag ?? WALK_LAG, options.tallies, options.reinitializationsFor ?? null);
  const heap = watchHeap();
  try {
    let count = 0;
    for await (const batch of batches) {
      const packed = "ints" in batch ? batch : packEvents(batch);
      fold.addBatch(packed);
      fold.walkBehindReading();
      // Batches read ahead resolve as microtasks: without a turn of the event loop now and then,
      // the guard would not hear of a full collection until the heap had already run out.
      if (++count % HEAP_CHECK_BATCHES === 0) await new Promise(setImmediate);
      heap.check(lastRef(packed));
    }
  } finally {
    heap.stop();
  }
  return fold.finish();
}

/**
 * How far (in events) the session walk trails the reading. A request's response, logged later,
 * decides what the request did (a DELETE with no answer ends its session at its own line; a
 * session-less request answered with a new id was an initialize): the walk reaches a request only
 * once this many events were read after it. An answer logged later still than that comes too late
 * to change what the request did; it is still walked at its own line.
 */
export const WALK_LAG = 65_536;

const REQUEST_KIND = KINDS.indexOf("request");
const RESPONSE_KIND = KINDS.indexOf("response");
const STREAM_CLOSED_KIND = KINDS.indexOf("stream-closed");
const SERVER_STARTED_KIND = KINDS.indexOf("server-started");
const SESSION_CREATED_KIND = KINDS.indexOf("session-created");
/** Each event kind's position in SERVER_LINE_KINDS (-1 for a request's or a response's), which the server lines' queue takes. */
const SERVER_LINE_KIND_OF = KINDS.map((kind) => SERVER_LINE_KINDS.indexOf(kind as ServerLineKind));
/** A batch's client (batchClients) being looked up by findBatchClients. */
const COLLECTED = -2;

/** How many batches (of up to 256 KiB of log each) go by between two looks at the heap. */
const HEAP_CHECK_BATCHES = 4;

/** Where the batch's last event is, to say where reading stopped. */
function lastRef({ count, ints, nums, strings }: PackedEvents): LineRef | null {
  return count === 0 ? null : { file: strings[ints[(count - 1) * PACKED.INTS + PACKED.file]!]!, line: nums[(count - 1) * PACKED.NUMS + PACKED.line]! };
}

/**
 * One pass over the events builds the request records whole (client, batch, response) as they
 * arrive, so no event is held after its line is read; a walk in log order over the records and
 * the server's own lines, WALK_LAG events behind, tracks which sessions are alive. Walking while
 * reading uses the time the main thread spends waiting for the reading thread, and lets the
 * server's lines go once walked.
 */
class TimelineFold {
  private seq = 0;
  private firstAt = Infinity;
  private lastAt = -Infinity;
  private readonly table = new RequestTable();
  /** One copy of each string for the whole timeline, the table's. */
  private readonly strings = this.table.strings;
  private readonly codes = new BatchLookups(this.strings);
  private matcher = new ResponseMatcher(this.table);
  /** The request a response answers, moved over the table's rows. */
  private readonly answering = this.table.cursor();
  private readonly feed: WalkFeed;
  /** Answered requests (their rows) in the order of their response lines, and the server's lines: both not yet walked. */
  private answered = new WalkQueue();
  private lifecycle = new ServerLineQueue(this.strings);
  private readonly tracker: SessionTracker;
  /** The next request (its row) the walk has not reached. */
  private walkedRequests = 0;
  private readonly clients = new Map<string, KnownClient>();
  private readonly knownClients: KnownClient[] = [];
  private readonly classifier: ReinitializationSweep;
  /** The clients by user agent and remote address, so that a request costs a lookup, not a string build. */
  private readonly clientsBySource = new ClientsBySource();
  /**
   * What the fold reads of a client at each of its requests, in columns by its position: its key's
   * number in the timeline's strings, its requests and batches so far, and when its latest request
   * was sent (the end of its current batch). Read from the client's objects, a request whose client
   * was not the one before cost a cache miss for each object at 1 GiB (28,000 clients).
   */
  private clientCodes = new Int32Array(1024);
  private clientRequests = new Int32Array(1024);
  private clientBatches = new Int32Array(1024);
  private clientLastAt = new Float64Array(1024);
  /** Its latest request's row, NO_ROW for none: an initialize's idle gap is since then. */
  private clientLastRow = new Int32Array(1024).fill(NO_ROW);
  /** The client of the request before (its position, -1 for none) and the strings it was found by. */
  private lastClient = -1;
  private lastAgent: string | null = null;
  private lastAddress: string | null = null;
  /**
   * The batch's clients (their index, -1 for none) by their remote address's index in its strings,
   * and the index of the user agent each was found with: a batch's strings are distinct, so equal
   * indexes are equal strings. Lists of the clients and the agents, new per batch and written at
   * the addresses' indexes, grew as they were written: 19 of the 122 MB the fold of the 100 MiB
   * bench log allocated (a sampling heap profile that counts collected objects, /tmp/s19/alloc-fold.mjs).
   */
  private batchClients = new Int32Array(1024);
  private batchAgents = new Int32Array(1024);
  /** The batch's pairs of user agent and remote address, the address's index and the client found (see findBatchClients). */
  private readonly pairAgents: (string | null)[] = [];
  private readonly pairAddresses: string[] = [];
  private pairIndexes = new Int32Array(1024);
  private pairFound = new Int32Array(1024);
  /** The first request to carry each session id: an initialize is inferred only for an id nobody used before it. */
  private firstUse = new FirstUse();
  /** The first line of each instance (by its number in the strings): a server_started line after it is a restart. */
  private readonly firstSeqOf = new Map<number, number>();
  private lastInstance = ABSENT_CODE;
  private readonly statusCounts: Record<string, number> = {};
  private readonly facts: Mutable<LogFacts> = {
    requests: 0,
    responses: 0,
    requestsWithoutSessionField: 0,
    requestsWithoutUserAgent: 0,
    requestsOfUnknownKind: 0,
    inferredInitializes: 0,
    sessionCreatedLines: 0,
    loggedActiveCounts: 0,
    streamClosures: 0,
    serverStartedLines: 0,
  };

  constructor(
    private readonly batchGapMs: number,
    private readonly walkLag: number,
    tallies: readonly Tally[],
    reinitializationsFor: TimelineFilter | null,
  ) {
    this.feed = new WalkFeed(tallies, this.table, (code) => this.tracker.sessionAt(code));
    this.classifier = new ReinitializationSweep(this.table, this.feed, reinitializationsFor);
    this.tracker = new SessionTracker(this.table, this.feed, this.classifier);
    this.classifier.watch(this.tracker.sessions);
  }

  addBatch(packed: PackedEvents) {
    const { count, ints, nums, strings } = packed;
    this.codes.start(packed);
    if (this.batchClients.length < strings.length) {
      this.batchClients = new Int32Array(Math.max(strings.length, this.batchClients.length * 2));
      this.batchAgents = new Int32Array(this.batchClients.length);
    }
    this.batchClients.fill(-1, 0, strings.length);
    this.findBatchClients(packed.sources, strings);
    for (let e = 0; e < count; e++) this.add(ints, nums, strings, e * PACKED.INTS, e * PACKED.NUMS);
  }

  /**
   * Looks up the clients of the batch's sources together (ClientsBySource.findAll) and notes the
   * ones known already in batchClients, as clientOf would at their first request; a client not
   * known yet is left to clientOf (-1), which adds it, so clients keep the order of their first
   * requests. The reading thread lists the sources (PackedEvents.sources): found by a pass over
   * the batch's rows here, they cost this thread 107 ms at 1 GiB (node --cpu-prof).
   */
  private findBatchClients(sources: Int32Array, strings: readonly string[]) {
    const listed = sources.length >>> 1;
    if (this.pairIndexes.length < listed) this.pairIndexes = new Int32Array(Math.max(listed, 2 * this.pairIndexes.length));
    const { batchClients, batchAgents, pairAgents, pairAddresses, pairIndexes } = this;
    let pairs = 0;
    for (let k = 0; k < listed; k++) {
      const agent = sources[2 * k]!;
      const address = sources[2 * k + 1]!;
      if (batchClients[address] === COLLECTED && batchAgents[address] === agent) continue;
      batchClients[address] = COLLECTED;
      batchAgents[address] = agent;
      pairAgents[pairs] = stringAt(strings, agent);
      pairAddresses[pairs] = strings[address]!;
      pairIndexes[pairs++] = address;
    }
    if (this.pairFound.length < pairs) this.pairFound = new Int32Array(Math.max(pairs, 2 * this.pairFound.length));
    this.clientsBySource.findAll(pairAgents, pairAddresses, pairs, this.pairFound);
    // An address met with two user agents keeps the last pair, as clientOf's notes do.
    for (let k = 0; k < pairs; k++) batchClients[pairIndexes[k]!] = this.pairFound[k]!;
  }

  /** The event in `ints` from `i` and `nums` from `n` (see PACKED). */
  private add(ints: Int32Array, nums: Float64Array, strings: readonly string[], i: number, n: number) {
    const codes = this.codes;
    const seq = this.seq++;
    // A time passed to a call the compiler did not inline is boxed (a new heap number): the kinds
    // that call out read it again from `nums`.
    const at = nums[n + PACKED.at]!;
    if (at < this.firstAt) this.firstAt = at;
    if (at > this.lastAt) this.lastAt = at;
    // Most logs have one instance (null): skip the lookups while the instance does not change.
    const instance = codes.code(ints[i + PACKED.instance]!);
    if (instance !== this.lastInstance) {
      if (!this.firstSeqOf.has(instance)) this.firstSeqOf.set(instance, seq);
      this.lastInstance = instance;
    }
    const line = nums[n + PACKED.line]!;
    const file = codes.code(ints[i + PACKED.file]!);
    const number = nums[n + PACKED.number]!;
    // The kind's number, compared as a number: each case was a string's.
    const kind = ints[i + PACKED.kind]!;
    switch (kind) {
      case REQUEST_KIND:
        this.addRequest(seq, line, file, instance, ints, nums, strings, i, n);
        break;
      case RESPONSE_KIND:
        this.addResponse(seq, file, instance, ints, nums, strings, i, n);
        break;
      case STREAM_CLOSED_KIND:
        this.facts.streamClosures++;
        this.lifecycle.pushPacked(SERVER_LINE_KIND_OF[kind]!, seq, nums, n, file, codes.code(ints[i + PACKED.sessionId]!), instance);
        break;
      case SERVER_STARTED_KIND:
        this.facts.serverStartedLines++;
        this.lifecycle.pushPacked(SERVER_LINE_KIND_OF[kind]!, seq, nums, n, file, NULL_CODE, instance);
        break;
      default:
        if (kind === SESSION_CREATED_KIND) this.facts.sessionCreatedLines++;
        if (!Number.isNaN(number)) this.countLogged();
        this.lifecycle.pushPacked(SERVER_LINE_KIND_OF[kind]!, seq, nums, n, file, codes.code(ints[i + PACKED.sessionId]!), instance);
    }
  }

  private countLogged() {
    if (this.facts.loggedActiveCounts++ === 0) this.tracker.stopCounting();
  }

  private addRequest(seq: number, line: number, file: number, instance: number, ints: Int32Array, nums: Float64Array, strings: readonly string[], i: number, n: number) {
    const codes = this.codes;
    const at = nums[n + PACKED.at]!;
    const sessionCode = codes.code(ints[i + PACKED.sessionId]!);
    const agent = ints[i + PACKED.userAgent]!;
    const userAgent = stringAt(strings, agent);
    const address = ints[i + PACKED.remoteAddress]!;
    const client = this.clientOf(userAgent, agent, stringAt(strings, address), address);
    const position = this.clientRequests[client]!;
    const initialize = ints[i + PACKED.isInitialize]!;
    const isInitialize = initialize === PACKED.NULL ? null : initialize === 1;
    const httpMethod = codes.code(ints[i + PACKED.httpMethod]!);
    const rpcMethod = codes.code(ints[i + PACKED.rpcMethod]!);
    const row = this.table.add(seq, at, line, file, this.clientCodes[client]!, httpMethod, rpcMethod, sessionCode, isInitialize, this.batchOf(client, at), instance);
    if (sessionCode === NULL_CODE && isInitialize !== false) this.classifier.noteCandidate(row, client, this.clientLastRow[client]!);
    this.clientLastRow[client] = row;
    this.clientRequests[client] = position + 1;
    this.matcher.addRequest(row, requestIdAt(strings, ints[i + PACKED.requestId]!), sessionCode);
    if (sessionCode >= 0) this.firstUse.note(sessionCode, seq);
    this.facts.requests++;
    if (sessionCode === ABSENT_CODE) this.facts.requestsWithoutSessionField++;
    if (userAgent === null) this.facts.requestsWithoutUserAgent++;
    if (isInitialize === null) this.facts.requestsOfUnknownKind++;
  }

  private addResponse(seq: number, file: number, instance: number, ints: Int32Array, nums: Float64Array, strings: readonly string[], i: number, n: number) {
    this.facts.responses++;
    const number = nums[n + PACKED.number]!;
    if (!Number.isNaN(number)) this.statusCounts[number] = (this.statusCounts[number] ?? 0) + 1;
    const index = ints[i + PACKED.sessionId]!;
    const sessionCode = this.codes.code(index);
    // An empty session id is matched as none. Read in the batch's strings, near at hand, where the
    // timeline's held the id at its number: a read of a list of 375,000 at 1 GiB, most far apart.
    // A UUID's index is negative (PACKED.UUID) and a UUID is never empty: read at a negative index,
    // an array looks the key up as a property's name, and this line was 227 of addResponse's 242 ms
    // (`node --cpu-prof`, 1 GiB events log, its positionTicks).
    const byCode = sessionCode >= 0 && (index < 0 || strings[index] !== "") ? sessionCode : NULL_CODE;
    const row = this.matcher.match(requestIdAt(strings, ints[i + PACKED.requestId]!), byCode);
    if (row === undefined) return;
    const request = this.answering.moveTo(row);
    this.feed.noteFact(request);
    request.answerPacked(seq, nums, n, file, sessionCode, instance);
    this.answered.push(row);
    // Logs without the JSON-RPC body (pino, proxies) still show an initialize: a session-less
    // request answered with an id that no request had used before.
    if (request.isInitialize === null && request.sessionCode === NULL_CODE && sessionCode >= 0) {
      const used = this.firstUse.of(sessionCode);
      if (used === undefined || used > request.seq) {
        request.inferInitialize();
        this.facts.requestsOfUnknownKind--;
        this.facts.inferredInitializes++;
      }
    }
  }

  /** The client's position; `agentIndex` and `addressIndex` are the user agent's and the remote address's indexes in the batch's strings. */
  private clientOf(userAgent: string | null, agentIndex: number, remoteAddress: string | null, addressIndex: number): number {
    // Two requests in three come from the client of the request before (the bench log): no lookup then.
    if (this.lastClient >= 0 && userAgent === this.lastAgent && remoteAddress === this.lastAddress) return this.lastClient;
    // Most others come from a client seen earlier in the batch: an array read by the address's index.
    let found = addressIndex >= 0 && this.batchAgents[addressIndex] === agentIndex ? this.batchClients[addressIndex]! : -1;
    if (found < 0) {
      found = this.lookUpClient(userAgent, remoteAddress).index;
      if (addressIndex >= 0) {
        this.batchClients[addressIndex] = found;
        this.batchAgents[addressIndex] = agentIndex;
      }
    }
    this.lastClient = found;
    this.lastAgent = userAgent;
    this.lastAddress = remoteAddress;
    return found;
  }

  private lookUpClient(userAgent: string | null, remoteAddress: string | null): KnownClient {
    const found = this.clientsBySource.get(userAgent, remoteAddress);
    if (found >= 0) return this.knownClients[found]!;
    // Two sources can spell one key (a user agent holding " @ "): they are one client, as before.
    const key = clientKeyOf(userAgent, remoteAddress);
    let entry = this.clients.get(key);
    if (!entry) {
      const client = new LoggedClient(key, userAgent, remoteAddress, this.table);
      const index = this.knownClients.length;
      this.clients.set(key, (entry = { client, index }));
      this.knownClients.push(entry);
      if (index === this.clientCodes.length) {
        this.clientCodes = withRoomFor(this.clientCodes, index);
        this.clientRequests = withRoomFor(this.clientRequests, index);
        this.clientBatches = withRoomFor(this.clientBatches, index);
        this.clientLastAt = withRoomFor(this.clientLastAt, index);
        this.clientLastRow = withRoomFor(this.clientLastRow, index, NO_ROW);
      }
      this.clientCodes[index] = this.strings.code(key);
      this.classifier.noteClient(this.clientCodes[index]!, index);
    }
    this.clientsBySource.add(userAgent, remoteAddress, entry.index);
    return entry;
  }

  /** A batch is a maximal run of one client's requests, each within the gap of the previous one: the batch's index in the client's (at its position). */
  private batchOf(client: number, at: number): number {
    const batches = this.clientBatches[client]!;
    // The request is put in the client's list next, and so becomes the batch's last.
    const continues = batches > 0 && at - this.clientLastAt[client]! <= this.batchGapMs;
    this.clientLastAt[client] = at;
    if (continues) return batches - 1;
    this.clientBatches[client] = batches + 1;
    return batches;
  }

  /**
   * Walks what was read up to walkLag events ago, tells the observers what lies a lag behind that,
   * and classifies the initializes a lag further: an answer that is not a late fact, read up to two
   * lags after its request, claims its session (moves its start back to the request) when the walk
   * reaches it, a lag later.
   */
  walkBehindReading() {
    this.walkTo(this.seq - this.walkLag);
    this.feed.tellRestarts(this.tracker.restarts);
    this.feed.releaseBefore(this.seq - 2 * this.walkLag);
    this.classifier.classifyBefore(this.seq - 3 * this.walkLag);
  }

  finish(): Timeline {
    this.walkTo(Infinity);
    const tracker = this.tracker;
    this.feed.tellRestarts(tracker.restarts);
    this.strings.seal();
    this.releaseReading();
    const clients = this.knownClients.map((k) => k.client);
    // The requests told before the re-initializes, whose clients' positions they give, and before
    // finishWalk, while the tracker still finds each one's session by id.
    this.feed.releaseBefore(Infinity);
    this.classifier.classifyBefore(Infinity);
    tracker.finishWalk();
    packClients(clients, this.table, this.clientCodes, this.clientBatches);
    const sessions = tracker.sessions;
    const tallies = this.feed.finish();
    return {
      batchGapMs: this.batchGapMs,
      firstAt: this.seq > 0 ? this.firstAt : null,
      lastAt: this.seq > 0 ? this.lastAt : null,
      requests: new RowList(this.table, null, 0, this.table.length),
      clients,
      sessions,
      restarts: tracker.restarts,
      ...this.classifier.done(sessions),
      streamClosures: tracker.streamClosures(),
      statusCounts: this.statusCounts,
      facts: this.facts,
      tallies,
    };
  }

  /**
   * Lets go of what only the reading and the walk read, empty ones in its place: the fold is held
   * until its finish returns, and at 1 GiB those were 10 MB (the ids' first uses, the requests
   * waiting for an answer, the server's lines' ring) under the finish's arrays, which set off a
   * full collection (their array buffers, V8's external memory) that could have freed them first.
   */
  private releaseReading() {
    this.firstUse = new FirstUse();
    this.matcher = new ResponseMatcher(this.table);
    this.answered = new WalkQueue();
    this.lifecycle = new ServerLineQueue(this.strings);
  }

  /** The requests, the responses that answered them and the server's lines before `limit`, merged back into log order. */
  private walkTo(limit: number) {
    const { table, answered, lifecycle, tracker } = this;
    // Each list's next position is read again only after that list moved.
    let requestSeq = this.walkedRequests < table.length ? table.seqOf(this.walkedRequests) : Infinity;
    let responseSeq = answered.length > 0 ? table.responseSeqOf(answered.peek()) : Infinity;
    let lineSeq = lifecycle.nextSeq();
    for (;;) {
      if (requestSeq < responseSeq && requestSeq < lineSeq) {
        if (requestSeq >= limit) return;
        tracker.onRequest(this.walkedRequests++);
        requestSeq = this.walkedRequests < table.length ? table.seqOf(this.walkedRequests) : Infinity;
      } else if (responseSeq < lineSeq) {
        if (responseSeq >= limit) return;
        tracker.onResponse(answered.take());
        responseSeq = answered.length > 0 ? table.responseSeqOf(answered.peek()) : Infinity;
      } else {
        if (lineSeq >= limit || lineSeq === Infinity) return;
        this.tellLine(tracker, lifecycle.take());
        lineSeq = lifecycle.nextSeq();
      }
    }
  }

  private tellLine(tracker: SessionTracker, line: ServerLine) {
    switch (line.kind) {
      case "stream-closed":
        tracker.onStreamClosed(line);
        break;
      case "session-created":
        tracker.onSessionCreated(line);
        break;
      case "session-closed":
      case "session-removed":
        tracker.onSessionEnded(line);
        break;
      case "server-started":
        // A start line that opens its instance's log is a start, not a restart.
        if (this.firstSeqOf.get(line.instanceCode)! < line.seq) tracker.onServerStarted(line.seq, line.at, line.line, line.fileCode, line.number, line.instance);
        break;
    }
  }
}

/** A first-in first-out list of rows, a ring of numbers that doubles when full, instead of shifting per item. */
class WalkQueue {
  private items = new Int32Array(4096);
  private head = 0;
  length = 0;

  push(row: number) {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length++) & (this.items.length - 1)] = row;
  }

  /** The first row; only when not empty. */
  peek(): number {
    return this.items[this.head]!;
  }

  /** Takes the first row; only when not empty. */
  take(): number {
    const row = this.items[this.head]!;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return row;
  }

  /** Twice the room, the rows moved to its start in order. */
  private grow() {
    const items = new Int32Array(this.items.length * 2);
    items.set(this.items.subarray(this.head));
    items.set(this.items.subarray(0, this.head), this.items.length - this.head);
    this.items = items;
    this.head = 0;
  }
}
