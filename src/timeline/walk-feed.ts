import { keyCode } from "./client-index.js";
import type { Client } from "./model.js";
import type { LoggedRequest } from "./records.js";

/**
 * What a rule or the report gathers from the requests as the walk goes, in place of a pass over
 * every request at the end of the log (issue #8: memory bounded by what is gathered, not by lines).
 */
export interface RequestObserver {
  /**
   * Each request once, in log order, with its response and its kind final. `client` is the
   * client's position in the timeline's clients, unfiltered (Tallies.positionOf); `kept` says
   * whether `--client`/`--session` keep the request.
   */
  request(request: LoggedRequest, client: number, kept: boolean): void;
  /** After the last request. */
  finish?(): void;
}

/** A kind of observer; the timeline holds one of each kind the fold was given (see src/tallies.ts). */
export type Tally<T extends RequestObserver = RequestObserver> = new () => T;

/** What the observers gathered, read by kind. Bounded by what each one keeps, never by the log's lines. */
export class Tallies {
  /**
   * Facts that arrived after their request was released: an answer (and the initialize it may
   * infer) logged more than two WALK_LAGs after its request. The observers did not see them; the
   * models' own fields did. Zero on the fixtures and the bench logs.
   */
  lateFacts = 0;
  private readonly observers: RequestObserver[];
  private readonly byKind = new Map<Tally, RequestObserver>();
  /** Client key number → the client's position, in the order of their first requests (the timeline's clients' order). */
  private readonly positions = new Map<number, number>();
  private lastCode = -1;
  private lastPosition = -1;

  constructor(readonly kinds: readonly Tally[]) {
    this.observers = kinds.map((kind) => new kind());
    kinds.forEach((kind, i) => this.byKind.set(kind, this.observers[i]!));
  }

  of<T extends RequestObserver>(kind: Tally<T>): T {
    const observer = this.byKind.get(kind as Tally);
    if (!observer) throw new Error(`${kind.name} is not gathered: add it to src/tallies.ts`);
    return observer as T;
  }

  /** The client's position in the unfiltered timeline's clients, which the observers keep their state by. */
  positionOf(client: Client): number {
    return this.positions.get(keyCode(client))!;
  }

  tell(request: LoggedRequest, kept: boolean) {
    const code = request.clientCode;
    // Two requests in three come from the client of the request before (the bench log).
    if (code !== this.lastCode) {
      let position = this.positions.get(code);
      if (position === undefined) this.positions.set(code, (position = this.positions.size));
      this.lastCode = code;
      this.lastPosition = position;
    }
    const observers = this.observers;
    for (let i = 0; i < observers.length; i++) observers[i]!.request(request, this.lastPosition, kept);
  }

  finish() {
    for (const observer of this.observers) observer.finish?.();
  }

  /**
   * The same kinds, told the requests again with `keep` deciding what is kept: a filtered timeline's.
   * Every request is told (a batch starts at its first request, kept or not).
   */
  replay(requests: readonly LoggedRequest[], keep: (request: LoggedRequest) => boolean): Tallies {
    const tallies = new Tallies(this.kinds);
    tallies.lateFacts = this.lateFacts;
    for (let i = 0; i < requests.length; i++) tallies.tell(requests[i]!, keep(requests[i]!));
    tallies.finish();
    return tallies;
  }
}

/**
 * Releases the walked requests to the observers one WALK_LAG behind the walk (two behind the
 * reading): the walk reaches a request once WALK_LAG events were read after it, but a response
 * logged later still answers it (and may make it an initialize); released a lag later, a request is
 * final unless its answer came later than both lags, which `lateFacts` counts.
 */
export class WalkFeed {
  readonly tallies: Tallies;
  /** The next request (in `requests`) not released, and the log position every request before which was. */
  private released = 0;
  private releasedBefore = -Infinity;

  constructor(
    kinds: readonly Tally[],
    /** The fold's requests, in log order; the feed only reads them. */
    private readonly requests: readonly LoggedRequest[],
  ) {
    this.tallies = new Tallies(kinds);
  }

  /** Releases the requests before log position `limit`, which the walk has passed. */
  releaseBefore(limit: number) {
    const { requests, tallies } = this;
    let i = this.released;
    while (i < requests.length && requests[i]!.seq < limit) tallies.tell(requests[i++]!, true);
    this.released = i;
    if (limit > this.releasedBefore) this.releasedBefore = limit;
  }

  /** A fact about the request at log position `seq` (its answer) arrived now. */
  noteFact(seq: number) {
    if (seq < this.releasedBefore) this.tallies.lateFacts++;
  }

  /** At the end of the log, once every request was walked. */
  finish(): Tallies {
    this.releaseBefore(Infinity);
    this.tallies.finish();
    return this.tallies;
  }
}
