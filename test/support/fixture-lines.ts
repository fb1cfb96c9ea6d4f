import { readFile } from "node:fs/promises";

/** The bundled fixtures every walk-lag comparison reads: the captures, a compliant client, a restart, and both input formats' samples. */
export const WALK_FIXTURES = ["capture-1.jsonl", "capture-2.jsonl", "compliant.jsonl", "restart.jsonl", "client.events.jsonl", "pino-http.events.jsonl"] as const;

/** A fixture's lines, parsed, blank lines left out. */
export async function fixtureLines(name: string): Promise<Record<string, unknown>[]> {
  return (await readFile(new URL(`../../../fixtures/${name}`, import.meta.url), "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
