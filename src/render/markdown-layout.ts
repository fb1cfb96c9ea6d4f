import { MAX_GANTT_BARS } from "./mermaid-gantt.js";

/** How many rows each capped section of the markdown report may show. */
export interface MarkdownLayout {
  readonly clientRows: number;
  readonly sessionRows: number;
  readonly ganttBars: number;
  readonly findingRows: number;
  readonly batchPatterns: number;
}

/** Every report that fits under GitHub's limit is rendered with these. */
export const FULL_LAYOUT: MarkdownLayout = {
  clientRows: 50,
  sessionRows: 200,
  ganttBars: MAX_GANTT_BARS,
  findingRows: 100,
  batchPatterns: Number.POSITIVE_INFINITY,
};

/**
 * For a report that does not fit. Measured on a 100 MiB log of a busy server (3,479 clients,
 * 38,535 sessions, 5,644 findings): these leave the timeline about half of the 60,000 characters,
 * a few hundred entries, where the full layout's tables left it none.
 */
export const COMPACT_LAYOUT: MarkdownLayout = {
  clientRows: 25,
  sessionRows: 50,
  ganttBars: 30,
  findingRows: 40,
  batchPatterns: 5,
};

/** When even the compact report overflows (hostile 200-character ids): no session table or gantt. */
export const SPARE_LAYOUT: MarkdownLayout = { ...COMPACT_LAYOUT, sessionRows: 0, ganttBars: 0 };
