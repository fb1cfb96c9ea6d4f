import { formatClock } from "./format.js";

/** Shared geometry of the two SVG pictures: the same time axis, so they line up on the page. */
export const SVG_WIDTH = 960;
export const PLOT_LEFT = 150;
export const PLOT_RIGHT = SVG_WIDTH - 12;
const TICKS = 6;

export type TimeScale = (ms: number) => number;

export function createTimeScale(from: number, to: number): TimeScale {
  const span = Math.max(to - from, 1);
  return (ms) => round(PLOT_LEFT + ((ms - from) / span) * (PLOT_RIGHT - PLOT_LEFT));
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Clock labels and grid lines at evenly spaced times, from `top` to `bottom`. */
export function renderTimeAxis(from: number, to: number, top: number, bottom: number): string {
  const x = createTimeScale(from, to);
  const ticks: string[] = [];
  for (let i = 0; i < TICKS; i++) {
    const at = from + ((to - from) * i) / (TICKS - 1);
    const anchor = i === 0 ? "start" : i === TICKS - 1 ? "end" : "middle";
    ticks.push(`<line class="axis" x1="${x(at)}" x2="${x(at)}" y1="${top}" y2="${bottom}"/>`);
    ticks.push(`<text x="${x(at)}" y="${bottom + 14}" text-anchor="${anchor}">${formatClock(new Date(at).toISOString())}</text>`);
  }
  return ticks.join("");
}
