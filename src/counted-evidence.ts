import type { LineRef } from "./events.js";

/*
 * Evidence kept the way every finding keeps it: counted, with the first MAX_EVIDENCE lines listed.
 * Its own module because the timeline keeps some of it too (client-index.ts), and the timeline does
 * not reach up into the rules.
 */

/** Findings list at most this many evidence lines; evidenceCount keeps the full number. */
export const MAX_EVIDENCE = 50;

/**
 * What a rule finds, counted as found with the first MAX_EVIDENCE kept: `kept` is what its detection
 * lists and `count` its evidenceCount, without a list that grows with the log.
 */
export class CountedEvidence<T> {
  count = 0;
  readonly kept: T[] = [];

  add(item: T) {
    if (this.count++ < MAX_EVIDENCE) this.kept.push(item);
  }
}

/** The lines of the first MAX_EVIDENCE items: a detection that gives evidenceCount lists no more. */
export function firstEvidence<T>(items: readonly T[], refOf: (item: T) => LineRef): LineRef[] {
  const refs: LineRef[] = [];
  for (let i = 0; i < items.length && i < MAX_EVIDENCE; i++) refs.push(refOf(items[i]!));
  return refs;
}
