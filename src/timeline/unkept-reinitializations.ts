import { reinitializationsOf, type Reinitializations } from "./classified-columns.js";
import type { TimelineFilter } from "./filter-timeline.js";
import type { RecordList, Reinitialization, Timeline } from "./model.js";

/**
 * A timeline's re-initializes when it kept only those a filter may keep (TimelineOptions
 * .reinitializationsFor), none without one: not the timeline's list, so that a reader of the list
 * left after the fold fails at its first read, where an empty or partial list would have given a
 * wrong report. The observers of the walk were told every one (WalkObserver.reinitialization);
 * filterTimeline alone reads what was kept, for the filter it was kept for.
 */
export class UnkeptReinitializations implements RecordList<Reinitialization> {
  constructor(
    private readonly kept: Reinitializations,
    private readonly filter: TimelineFilter,
  ) {}

  get length(): number {
    throw unkept();
  }

  at(): Reinitialization | undefined {
    throw unkept();
  }

  [Symbol.iterator](): Iterator<Reinitialization> {
    throw unkept();
  }

  /** The re-initializes kept for `filter`, which must be the filter they were kept for: another may keep others. */
  keptFor(filter: TimelineFilter): Reinitializations {
    if (filter.client !== this.filter.client || filter.session !== this.filter.session) {
      throw new Error(`the timeline kept the re-initializes of ${JSON.stringify(this.filter)}, not of ${JSON.stringify(filter)}`);
    }
    return this.kept;
  }
}

/** The timeline's re-initializes that `filter` may keep: all of them, unless the timeline kept only those of a filter. */
export function filterableReinitializations(timeline: Timeline, filter: TimelineFilter): Reinitializations {
  const list = timeline.reinitializations;
  return list instanceof UnkeptReinitializations ? list.keptFor(filter) : reinitializationsOf(timeline);
}

function unkept(): Error {
  return new Error("the timeline kept no list of its re-initializes (TimelineOptions.reinitializationsFor): read them as the walk tells them (WalkObserver.reinitialization)");
}
