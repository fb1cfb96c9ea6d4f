import DOMPurify from "dompurify";

/**
 * Mermaid's own parser, in Node. Mermaid sanitizes labels with DOMPurify, which without a DOM is
 * an empty shell (no addHook, no sanitize) and makes `xychart-beta` throw before it parses:
 * stubbing those functions leaves the grammar check itself untouched.
 */
Object.assign(DOMPurify, { addHook() {}, removeHook() {}, removeHooks() {}, sanitize: (text: string) => text });
const { default: mermaid } = await import("mermaid");

/** The diagram type Mermaid recognised; throws Mermaid's parse error on bad syntax. */
export async function parseMermaid(text: string): Promise<string> {
  const result = await mermaid.parse(text);
  if (!result) throw new Error("mermaid.parse returned false");
  return result.diagramType;
}

/**
 * A gantt's grammar accepts almost any task line; its dates are only read when drawing. This
 * reads them the way the renderer does, so a bad start or end throws here too.
 */
export async function readGanttTasks(text: string): Promise<{ task: string; startTime: Date; endTime: Date; classes: string[] }[]> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getTasks(): { task: string; startTime: Date; endTime: Date; classes: string[] }[] };
  return db.getTasks();
}

/** The ```mermaid blocks of a markdown report, without their fences. */
export function extractMermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);
}
