import type { ChalkInstance } from "chalk";
import type { Report } from "../report.js";
import { describeSessionBars, describeTimeSpan, sampleActiveSlots, type SessionEnd } from "./chart-data.js";
import { displayText, shortId } from "./escape.js";
import { formatClock, formatCount } from "./format.js";

const SPARK_CHARS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const MAX_SPARK_WIDTH = 80;
/** Narrower than this, a lifeline's track is too short to tell sessions apart. */
export const MIN_LIFELINE_WIDTH = 100;
const MAX_LIFELINE_ROWS = 20;
const LABEL_WIDTH = 10;

type Paint = (text: string) => string;

function paintEnd(chalk: ChalkInstance, end: SessionEnd): Paint {
  if (end === "orphaned") return chalk.red;
  if (end === "deleted") return chalk.green;
  return end === "closed" || end === "removed" ? chalk.cyan : chalk.yellow;
}

/** `Active sessions ▁▂▃▅▇█ peak 13, 08:28:46Z to 08:51:01Z`, or "" with nothing to draw. */
export function renderSparkline(report: Report, chalk: ChalkInstance, width: number): string {
  const series = report.activeSessionsSeries;
  const span = describeTimeSpan(report, describeSessionBars(report));
  if (series.length === 0 || span === null) return "";
  const label = "Active sessions ";
  const slotsWanted = Math.max(8, Math.min(MAX_SPARK_WIDTH, width - label.length - 40));
  const from = Date.parse(series[0]!.at);
  const slots = span.to > from ? sampleActiveSlots(series, from, span.to, slotsWanted) : [{ at: from, active: series[0]!.active }];
  const peak = Math.max(1, ...slots.map((s) => s.active));
  const line = slots.map((s) => SPARK_CHARS[Math.round((s.active / peak) * (SPARK_CHARS.length - 1))]!).join("");
  const range = `${formatClock(new Date(from).toISOString())} to ${formatClock(new Date(span.to).toISOString())}`;
  return `${chalk.bold(label)}${chalk.cyan(line)} peak ${peak}, ${range}`;
}

/**
 * One line per session on a shared time track: `━` from creation to last request, coloured by
 * how it ended. Only when the terminal is wide enough for the track to mean something.
 */
export function renderLifelines(report: Report, chalk: ChalkInstance, width: number, fullIds: boolean): string {
  const bars = describeSessionBars(report);
  const span = describeTimeSpan(report, bars);
  if (width < MIN_LIFELINE_WIDTH || bars.length === 0 || span === null) return "";
  const labelWidth = fullIds ? Math.max(LABEL_WIDTH, ...bars.map((b) => Array.from(displayText(b.session.id)).length + 1)) : LABEL_WIDTH;
  const track = Math.max(20, width - labelWidth - 12);
  const column = (ms: number) => Math.min(track - 1, Math.floor(((ms - span.from) / Math.max(span.to - span.from, 1)) * track));
  const rows = bars.slice(0, MAX_LIFELINE_ROWS).map(({ session, start, end }) => {
    const first = column(start);
    const last = Math.max(first, column(end));
    // Alive but unused after its last request: until it ended, or to the end of the log when orphaned.
    const endedAt = session.endedAt === null ? (session.endedBy === "orphaned" ? span.to : end) : Date.parse(session.endedAt);
    const idle = Math.max(0, column(endedAt) - last);
    const used = paintEnd(chalk, session.endedBy)("━".repeat(last - first + 1));
    const line = `${" ".repeat(first)}${used}${chalk.dim("┄".repeat(idle))}${" ".repeat(track - last - 1 - idle)}`;
    const id = displayText(shortId(session.id, fullIds));
    return `${id.padEnd(labelWidth)}│${line}│ ${chalk.dim(session.endedBy)}`;
  });
  // The report lists the first 1,000 sessions: the rest were not drawn either.
  const left = bars.length - rows.length + report.sessionsOmitted;
  const legend = chalk.dim(`Sessions ━ created to last request ┄ alive after it, ${formatClock(new Date(span.from).toISOString())} to ${formatClock(new Date(span.to).toISOString())}: `) +
    [chalk.red("orphaned"), chalk.green("deleted"), chalk.cyan("closed/removed"), chalk.yellow("restart/404")].join(" ");
  const more = left > 0 ? [chalk.dim(`… ${formatCount(left, "more session")} not drawn`)] : [];
  return [legend, ...rows, ...more].join("\n");
}
