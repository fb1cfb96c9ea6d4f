import { basename } from "node:path";
import type { Event } from "../events.js";
import { STDIN } from "./read-lines.js";

/**
 * Where `--instance-from` finds the server instance (process) a line came from: the file's name
 * (one file per instance, as log shippers rotate them), or a top-level field of each line
 * (pino's `hostname`).
 */
export type InstanceSource = { readonly from: "filename" } | { readonly from: "field"; readonly field: string };

/** `filename` or `field:NAME`; a string is the usage error. */
export function parseInstanceSource(spec: string): InstanceSource | string {
  if (spec === "filename") return { from: "filename" };
  if (spec.startsWith("field:") && spec.length > "field:".length) return { from: "field", field: spec.slice("field:".length) };
  return `--instance-from ${JSON.stringify(spec)}: expected filename or field:NAME`;
}

/** A file's base name without any extension: `logs/a.jsonl.gz` → `a`; stdin is `stdin`. */
export function instanceOfFile(path: string): string {
  if (path === STDIN) return "stdin";
  const name = basename(path);
  const dot = name.indexOf(".", 1);
  return dot === -1 ? name : name.slice(0, dot);
}

/**
 * The named top-level field of a line as text, or null. The line is parsed a second time (the
 * format adapters keep their parse to themselves): a cost paid only under `--instance-from field:`.
 */
export function instanceOfLine(text: string, field: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const found = (value as Record<string, unknown>)[field];
  if (typeof found === "string") return found === "" ? null : found;
  return typeof found === "number" || typeof found === "boolean" ? String(found) : null;
}

export function withInstance(event: Event, instance: string | null): Event {
  return instance === null ? event : { ...event, instance };
}
