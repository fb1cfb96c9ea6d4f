import type { Event } from "../events.js";

/** What an adapter makes of one line: an event, a reasoned skip, or an event kind it ignores. */
export type LineResult =
  | { readonly type: "event"; readonly event: Event }
  | { readonly type: "skip"; readonly reason: string }
  | { readonly type: "ignored"; readonly eventName: string };
