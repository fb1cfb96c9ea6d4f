import { sessionsById } from "../timeline/sessions-by-id.js";
import type { RequestRecord, Session } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const unknownSession = {
  id: "unknown-session",
  description: "A client sent a session id the server no longer knew (404, or ended earlier in the log); reports whether it then re-initialized.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, items 3–4: the server MUST answer 404; the client MUST then send a new initialize`,
  *detect(timeline) {
    const byId = sessionsById(timeline);
    for (const client of timeline.clients) {
      const unknown: RequestRecord[] = [];
      let reinitialized = 0;
      client.requests.forEach((r, index) => {
        if (!isUnknown(r, byId)) return;
        unknown.push(r);
        if (isInitializeWithoutSession(client.requests[index + 1])) reinitialized++;
      });
      if (unknown.length === 0) continue;
      const notFound = unknown.filter((r) => r.response?.status === 404).length;
      yield {
        client: client.key,
        message:
          `${client.key} sent ${unknown.length} request(s) with a session id the server no longer knew (${notFound} answered 404); ` +
          `it re-initialized after ${reinitialized} of them`,
        evidence: unknown.map((r) => r.ref),
      };
    }
  },
} satisfies Analyzer;

function isUnknown(r: RequestRecord, byId: ReadonlyMap<string, Session>): boolean {
  if (typeof r.sessionId !== "string") return false;
  if (r.response?.status === 404) return true;
  const end = byId.get(r.sessionId)?.end;
  return end !== undefined && end !== null && end.seq < r.seq && r.httpMethod !== "DELETE";
}

function isInitializeWithoutSession(next: RequestRecord | undefined): boolean {
  return next !== undefined && next.isInitialize === true && next.sessionId === null;
}

