import type { ReinitializeKind } from "./model.js";
import type { NamedWindow } from "./named-sessions.js";
import { MAX_TIMELINE_ENTRIES } from "./narrate.js";
import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/** What an initialize's entry of the narrative says beyond its request's line. */
export interface InitializeDetails {
  readonly kind: ReinitializeKind;
  readonly aliveSessions: string[];
  readonly aliveCount: number;
  readonly idleGapMs: number | null;
}

/**
 * The re-initializes as the narrative (narrate.ts) tells them, from the sweep that classifies them
 * (WalkObserver.reinitialization), in place of the timeline's columns of every one of them (some
 * 371,000 at 1 GiB).
 *
 * Only the first MAX_TIMELINE_ENTRIES are kept, their rows and what their entries say. Each
 * re-initialize opens an entry of its own, in log order, so the one at index k comes after k
 * entries opened for those before it: if all k were written, the narrative holds k entries or more
 * before it; if one was only counted, the narrative was full then, and stays so. For k at least
 * MAX_TIMELINE_ENTRIES, either way, its entry is only counted, and the narrative needs nothing of
 * it but where it lies, which its request's row tells (InitializesMet). In a filtered timeline the
 * index is in its own list, as Tallies.replay tells it, and so is the narrative's count.
 */
export class NarratedInitializes implements WalkObserver {
  /** How many the sweep classified (in a filtered timeline, how many were kept). */
  count = 0;
  /** The first MAX_TIMELINE_ENTRIES: their requests' rows, and what their entries say. */
  readonly rows: number[] = [];
  readonly details: InitializeDetails[] = [];

  reinitialization(request: LoggedRequest, _client: number, kind: ReinitializeKind, aliveCount: number, idleGapMs: number | null, index: number, named: NamedWindow) {
    this.count++;
    if (index >= MAX_TIMELINE_ENTRIES) return;
    // The window is pointed at the next re-initialize's names after the call: its ids are read now.
    const aliveSessions = new Array<string>(named.count);
    for (let k = 0; k < named.count; k++) aliveSessions[k] = named.sessionAt(k).id;
    this.rows.push(request.row);
    this.details.push({ kind, aliveSessions, aliveCount, idleGapMs });
  }
}

/** The narrative's pass over the re-initializes a NarratedInitializes kept: one per pass. */
export class InitializesMet {
  /** How many the pass met so far. */
  private met = 0;

  constructor(private readonly told: NarratedInitializes) {}

  /**
   * Whether the request at `row`, sent without a session id and an initialize at the log's end, was
   * classified as a re-initialize: asked of every such request, in log order. The sweep classified
   * every one that was an initialize when it reached it; one whose answer made it an initialize
   * only after that was not, and its answer was counted as a late fact (WalkFeed.noteFact: the
   * sweep trails the release). Among those kept, such a row is told apart by its place; past them,
   * only how many are still to come is known, and such a row is taken for one of them (its entry
   * counted, where the narrative would have folded the request into a run).
   */
  isClassified(row: number): boolean {
    const k = this.met;
    const { rows } = this.told;
    if (k >= this.told.count || (k < rows.length && rows[k] !== row)) return false;
    this.met = k + 1;
    return true;
  }

  /** What the entry of the one isClassified just met says: only for one of the first MAX_TIMELINE_ENTRIES. */
  details(): InitializeDetails {
    return this.told.details[this.met - 1]!;
  }
}
