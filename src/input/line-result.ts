import type { Event } from "../events.js";

/**
 * What an adapter makes of one line: an event, several (a pino line is a request and its
 * response), a reasoned skip, or a kind of line it ignores. `loggedAt` is when the line was
 * written, which is what a clock going backwards is judged on (a pino line's request started
 * before the lines written while it ran). `written`: the event went straight into a reading
 * thread's rows (see parseEventsRawLineInto), the time is the row's.
 */
export type LineResult =
  | { readonly type: "event"; readonly event: Event }
  | { readonly type: "events"; readonly events: readonly Event[]; readonly loggedAt: number }
  | { readonly type: "skip"; readonly reason: string }
  | { readonly type: "ignored"; readonly eventName: string }
  | { readonly type: "written" };
