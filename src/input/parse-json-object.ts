import type { LineResult } from "./line-result.js";

export type JsonObject = Record<string, unknown>;
type Skip = Extract<LineResult, { type: "skip" }>;

/** A line's JSON object, or the reasoned skip every adapter gives for text that is not one. */
export function parseJsonObject(text: string): { readonly object: JsonObject } | { readonly skip: Skip } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { skip: { type: "skip", reason: `invalid JSON (${(error as Error).message})` } };
  }
  if (isJsonObject(value)) return { object: value };
  return { skip: { type: "skip", reason: `not a JSON object (${value === null ? "null" : Array.isArray(value) ? "array" : typeof value})` } };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
