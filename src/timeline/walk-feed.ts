import type { LineRef } from "../events.js";
import { keyCode } from "./client-index.js";
import { ColumnRing, RING_CAPACITY } from "./column-ring.js";
import { unwound, withRoomFor } from "../grown-column.js";
import { NULL_CODE, type Interner } from "./interner.js";
import type { LoggedSession } from "./logged-session.js";
import { NamedWindow } from "./named-sessions.js";
import type { Client, ReinitializeKind, Restart } from "./model.js";
import type { Reinitializations } from "./classified-columns.js";
import type { LoggedRequest, RequestTable } from "./records.js";
import { ReleasedRequests } from "./released-requests.js";
import type { RowList } from "./request-list.js";

/**
 * What a rule or the report gathers as the walk goes, in place of a pass over every request or
 * sample at the end of the log (issue #8: memory bounded by what is gathered, not by lines). An
 * observer takes requests, or samples and restarts: a filtered timeline tells the requests again
 * (Tallies.replay), and keeps the server-wide samples and restarts as they were.
 */
export interface WalkObserver {
  /**
   * Each request once, in log order, with its response and its kind final, a chunk at a time, as
   * columns (released-requests.ts). `client` is the client's position in the timeline's clients,
   * unfiltered (Tallies.positionOf); `kept` says whether `--client`/`--session` keep the request; an
   * observer that keeps a request keeps `requestAt(i).toRecord()`. `sessions` holds each request's
   * session as the timeline holds it (null for none, or one that `--client`/`--session` dropped), as
   * the walk knows it when the request is released: an end before the request is known then, but for
   * a restart placed behind the walk found later than the lags (`lateFacts`); its owner, instance and
   * initialize may still change (a creation line logged later than the lags ties or settles it): an
   * observer that needs them reads them at the end. Observers of requests are told each chunk one
   * after another: none reads what another gathers.
   */
  requests?(released: ReleasedRequests): void;
  /**
   * Each active-sessions sample once, in log order. Counted samples are taken until the first
   * logged count is read, and the walk trails the reading: an observer keeps the two kinds apart
   * and uses the logged ones if any came (what SessionTracker.stopCounting made of the list).
   */
  sample?(seq: number, at: number, ref: LineRef, active: number, source: SampleSource): void;
  /** A restart, as the walk finds it: before every sample at or after its position (`seq`), which may be behind the walk. */
  restart?(seq: number): void;
  /**
   * Each re-initialize once classified, in log order (ReinitializationSweep), after its request was
   * told: `request` (a cursor, moved to the next one's after the call), `client` as for requests, its kind, how many sessions
   * the client had alive (0 unless a loss), the time since the client's request before (null for its
   * first), its position in the timeline's reinitializations, and the newest sessions it found alive
   * (`named`, read while told: it is pointed at the next one's after).
   */
  reinitialization?(request: LoggedRequest, client: number, kind: ReinitializeKind, aliveCount: number, idleGapMs: number | null, index: number, named: NamedWindow): void;
  /** Once the fold's walk told everything: what was kept to grow can be cut to size. */
  finish?(): void;
}

export type SampleSource = "logged" | "counted";

/** The session of a session id's number in the timeline's strings, as the timeline holds it: null for none. */
export type SessionOf = (code: number) => LoggedSession | null;

/** A kind of observer; the timeline holds one of each kind the fold was given (see src/tallies.ts). */
export type Tally<T extends WalkObserver = WalkObserver> = new () => T;

/**
 * What the observers gathered, read by kind: what each one keeps, which grows with clients or caps,
 * except what the active samples and the sessions' uses keep, in blocks that leave memory past a
 * few (active-series.ts, session-uses.ts).
 */
export class Tallies {
  /**
   * Facts that arrived after what they concern was released: an answer (and the initialize it may
   * infer) logged more than two WALK_LAGs after its request, a restart placed before samples already
   * released. The observers did not see them; the model's own fields did. Zero on the fixtures and
   * the bench logs.
   */
  lateFacts = 0;
  private readonly observers: WalkObserver[];
  /** The observers of requests (WalkObserver.requests). */
  private readonly chunkObservers: WalkObserver[];
  /** The observers of samples, two of the sixteen: asking each of them for its hook at every sample, tellSample was 25 ms self at 1 GiB (node --cpu-prof). */
  private readonly sampleObservers: WalkObserver[];
  private readonly reinitializationObservers: WalkObserver[];
  private readonly byKind = new Map<Tally, WalkObserver>();
  /**
   * Client key number → the client's position plus one (0 for none yet), in the order of their
   * first requests (the timeline's clients' order). A Map by key number, read at each change of
   * client (a request in three), was 174 ms of the main thread at 1 GiB (node --cpu-prof, its
   * line's ticks in releaseBefore): its entries, spread over the heap, missed the caches.
   */
  private positions = new Int32Array(1024);
  private clientCount = 0;
  private lastCode = -1;
  private lastPosition = -1;

  /** `kept`: the observers of samples of the timeline a filtered one is made from, kept as they are. */
  constructor(
    readonly kinds: readonly Tally[],
    kept: Tallies | null = null,
  ) {
    this.observers = kinds.map((kind) => {
      const observer = kept?.byKind.get(kind);
      return observer && !observer.requests && !observer.reinitialization ? observer : new kind();
    });
    kinds.forEach((kind, i) => this.byKind.set(kind, this.observers[i]!));
    this.chunkObservers = this.observers.filter((o) => o.requests);
    this.sampleObservers = this.observers.filter((o) => o.sample);
    this.reinitializationObservers = this.observers.filter((o) => o.reinitialization);
  }

  of<T extends WalkObserver>(kind: Tally<T>): T {
    const observer = this.byKind.get(kind as Tally);
    if (!observer) throw new Error(`${kind.name} is not gathered: add it to src/tallies.ts`);
    return observer as T;
  }

  /** The client's position in the unfiltered timeline's clients, which the observers keep their state by; -1 for a client never told. */
  positionOf(client: Client): number {
    const code = keyCode(client);
    return code < this.positions.length ? this.positions[code]! - 1 : -1;
  }

  /** Row `row` released into `released`, its client placed; the chunk told once full. Its last requests are told by `tellReleased`, before anything told after them (a re-initialize, the end). */
  release(released: ReleasedRequests, row: number, kept: boolean) {
    this.place(released, released.read(row, kept));
  }

  /**
   * Releases row `row`, kept, if it was logged before `limit`: whether it was. Its log position is
   * read with the rest of its row: read first by row (RequestTable.seqOf, its block's residence
   * checked once more), it was 11 ms self at 1 GiB (node --cpu-prof at 9be9281).
   */
  releaseIfBefore(released: ReleasedRequests, row: number, limit: number): boolean {
    const i = released.read(row, true);
    if (!(released.seq[i]! < limit)) {
      released.unread();
      return false;
    }
    this.place(released, i);
    return true;
  }

  private place(released: ReleasedRequests, i: number) {
    released.place(i, this.positionOfCode(released.clientCode[i]!));
    if (released.isFull) this.tellReleased(released);
  }

  /** Tells the observers of requests the chunk's, and empties it. */
  tellReleased(released: ReleasedRequests) {
    if (released.length === 0) return;
    released.findSessions();
    const chunkObservers = this.chunkObservers;
    for (let o = 0; o < chunkObservers.length; o++) chunkObservers[o]!.requests!(released);
    released.clear();
  }

  /** Whether an observer takes re-initializes: else what they are told is not made. */
  get observesReinitializations(): boolean {
    return this.reinitializationObservers.length > 0;
  }

  tellReinitialization(request: LoggedRequest, kind: ReinitializeKind, aliveCount: number, idleGapMs: number | null, index: number, named: NamedWindow) {
    const observers = this.reinitializationObservers;
    // Its request was told first: the client is known, and the cache of the client told last is left to tell's order.
    const position = this.positionOfKnown(request.clientCode);
    for (let i = 0; i < observers.length; i++) observers[i]!.reinitialization!(request, position, kind, aliveCount, idleGapMs, index, named);
  }

  /**
   * A client met by the fold, keyed by the string numbered `code`: given its position now, which is
   * the fold's own (the order of their first requests), so that the fold's classification finds a
   * session's owner by the owner's key without a Map of its own.
   */
  noteClient(code: number) {
    this.positionOfCode(code);
  }

  /** The position of the client keyed by the string numbered `code`, -1 for one not met. */
  positionOfKnown(code: number): number {
    return code >= 0 && code < this.positions.length ? this.positions[code]! - 1 : -1;
  }

  /** The position of the client keyed by the string numbered `code`, given in the order they are first met. */
  private positionOfCode(code: number): number {
    // Two requests in three come from the client of the request before (the bench log).
    if (code !== this.lastCode) {
      if (code >= this.positions.length) this.positions = withRoomFor(this.positions, code);
      let position = this.positions[code]! - 1;
      if (position < 0) this.positions[code] = (position = this.clientCount++) + 1;
      this.lastCode = code;
      this.lastPosition = position;
    }
    return this.lastPosition;
  }

  tellSample(seq: number, at: number, ref: LineRef, active: number, source: SampleSource) {
    const observers = this.sampleObservers;
    for (let i = 0; i < observers.length; i++) observers[i]!.sample!(seq, at, ref, active, source);
  }

  tellRestart(seq: number) {
    for (const observer of this.observers) observer.restart?.(seq);
  }

  finish() {
    for (const observer of this.observers) observer.finish?.();
  }

  /**
   * The same kinds, the observers of requests told them again with `kept` (1 by row) deciding what is
   * kept: a filtered timeline's. Every request is told (a batch starts at its first request, kept or not),
   * with its session as `sessionOf` (the filtered timeline's) gives it.
   * The observers of re-initializes are told the filtered timeline's `reinitializations`, none if not given.
   */
  replay(requests: RowList, kept: Uint8Array, sessionOf: SessionOf, reinitializations: Reinitializations | null = null): Tallies {
    const tallies = new Tallies(this.kinds, this);
    tallies.lateFacts = this.lateFacts;
    const released = new ReleasedRequests(requests.table, sessionOf);
    for (let i = 0; i < requests.length; i++) {
      const row = requests.row(i);
      tallies.release(released, row, kept[row] === 1);
    }
    tallies.tellReleased(released);
    const request = requests.table.cursor();
    // The filtered timeline's own (Reinitializations.keep): only the kept ones, their counts of alive sessions less those dropped.
    if (reinitializations !== null && tallies.observesReinitializations) {
      const named = new NamedWindow();
      for (let i = 0; i < reinitializations.length; i++) {
        tallies.tellReinitialization(request.moveTo(reinitializations.rowAt(i)), reinitializations.kindAt(i), reinitializations.aliveCountAt(i), reinitializations.idleGapAt(i), i, reinitializations.showNames(i, named));
      }
    }
    return tallies;
  }
}

/**
 * Releases what the walk told to the observers one WALK_LAG behind the walk (two behind the
 * reading), in log order: the walk reaches a request once WALK_LAG events were read after it, but
 * a response logged later still answers it (and may make it an initialize), and a restart the walk
 * infers from a logged count lies at its initialize's position, behind the walk. Released a lag
 * later, a request is final and a sample's restart known, unless the answer or the restart came
 * later than both lags, which `lateFacts` counts.
 */
export class WalkFeed implements SampleSink {
  readonly tallies: Tallies;
  /** The next request (its row of `requests`) not released, and the log position every request and sample before which was. */
  private released = 0;
  private releasedBefore = -Infinity;
  /** The samples the walk took and the feed has not released, in log order (the walk's). */
  private readonly samples: PendingSamples;
  /** How many of the walk's restarts the observers were told. */
  private toldRestarts = 0;
  /** The requests released and not yet told. */
  private readonly releasedRequests: ReleasedRequests;
  /**
   * The requests (their log positions) whose answer was a late fact, while the session it may make is
   * not claimed: the claim that moves the session's start back to the request is that same fact.
   * Only session-less requests', which may be initializes.
   */
  private readonly lateAnswers = new Set<number>();
  /** Where the latest late claim by a session_created line moved a start: a restart its count shows lies there, the same fact. */
  private lateClaimAt = NaN;

  constructor(
    kinds: readonly Tally[],
    /** The fold's requests, in log order; the feed only reads them. */
    private readonly requests: RequestTable,
    /** The walk's sessions: a request released was walked, so its session is known. */
    private readonly sessionOf: SessionOf,
  ) {
    this.tallies = new Tallies(kinds);
    this.releasedRequests = new ReleasedRequests(requests, sessionOf);
    this.samples = new PendingSamples(requests.strings);
  }

  sample(seq: number, at: number, line: number, fileCode: number, active: number, source: SampleSource) {
    this.samples.push(seq, at, line, fileCode, active, source);
  }

  /** Tells the restarts the walk found since the last call (`restarts`: all of them, in the order found). */
  tellRestarts(restarts: readonly Restart[]) {
    for (; this.toldRestarts < restarts.length; this.toldRestarts++) {
      const { seq } = restarts[this.toldRestarts]!;
      if (seq === this.lateClaimAt) this.lateClaimAt = NaN;
      else if (seq < this.releasedBefore) this.tallies.lateFacts++;
      this.tallies.tellRestart(seq);
    }
  }

  /** Releases the requests and samples before log position `limit`, which the walk has passed. */
  releaseBefore(limit: number) {
    const { requests, tallies, releasedRequests } = this;
    let i = this.released;
    while (i < requests.length && tallies.releaseIfBefore(releasedRequests, i, limit)) i++;
    tallies.tellReleased(releasedRequests);
    this.released = i;
    this.samples.releaseBefore(limit, tallies);
    if (limit > this.releasedBefore) this.releasedBefore = limit;
  }

  /** A fact about `request` (its answer) arrived now. */
  noteFact(request: LoggedRequest) {
    const { seq } = request;
    if (seq >= this.releasedBefore) return;
    this.tallies.lateFacts++;
    if (request.sessionCode === NULL_CODE) this.lateAnswers.add(seq);
  }

  /**
   * A session's start moved back to the initialize at `seq`, behind the classification's sweep, which
   * had decided otherwise: claimed by that initialize's answer (`byAnswer`), counted already when
   * the answer came late, else by a session_created line.
   */
  noteLateClaim(seq: number, byAnswer: boolean) {
    if (byAnswer && this.lateAnswers.delete(seq)) return;
    this.tallies.lateFacts++;
    if (!byAnswer) this.lateClaimAt = seq;
  }

  /** A session's owner noted or changed after the sweep decided the initializes it concerns. */
  noteLateOwner() {
    this.tallies.lateFacts++;
  }

  /** At the end of the log, once every request was walked and every restart told. */
  finish(): Tallies {
    this.releaseBefore(Infinity);
    this.tallies.finish();
    return this.tallies;
  }
}

/**
 * Where the session walk puts the active-sessions samples it takes (SessionTracker). A sample's
 * line comes as its number and its file's number in the timeline's strings (`strings` of the
 * feed's RequestTable): its reference is made once, when released.
 */
export interface SampleSink {
  sample(seq: number, at: number, line: number, fileCode: number, active: number, source: SampleSource): void;
}

/**
 * The samples waiting one lag for release, as columns of a ring: as objects with their line
 * references, some 40,000 of them at a time lived past the young generation (the 100 MiB events
 * log's peak RSS was 3 MB higher in alternating runs); a released sample's reference is made anew.
 */
class PendingSamples extends ColumnRing {
  private seq = new Float64Array(RING_CAPACITY);
  private at = new Float64Array(RING_CAPACITY);
  private active = new Float64Array(RING_CAPACITY);
  private line = new Float64Array(RING_CAPACITY);
  private logged = new Uint8Array(RING_CAPACITY);
  private file = new Int32Array(RING_CAPACITY);

  constructor(private readonly strings: Interner) {
    super();
  }

  push(seq: number, at: number, line: number, fileCode: number, active: number, source: SampleSource) {
    const i = this.pushed();
    this.seq[i] = seq;
    this.at[i] = at;
    this.active[i] = active;
    this.line[i] = line;
    this.file[i] = fileCode;
    this.logged[i] = source === "logged" ? 1 : 0;
  }

  /** Tells `tallies` the samples before log position `limit`, in order, and drops them. */
  releaseBefore(limit: number, tallies: Tallies) {
    while (this.length > 0 && this.seq[this.head]! < limit) {
      const i = this.head;
      tallies.tellSample(this.seq[i]!, this.at[i]!, { file: this.strings.string(this.file[i]!)!, line: this.line[i]! }, this.active[i]!, this.logged[i] === 1 ? "logged" : "counted");
      this.shift();
    }
  }

  protected unwind(head: number) {
    this.seq = unwound(this.seq, head);
    this.at = unwound(this.at, head);
    this.active = unwound(this.active, head);
    this.line = unwound(this.line, head);
    this.logged = unwound(this.logged, head);
    this.file = unwound(this.file, head);
  }
}
