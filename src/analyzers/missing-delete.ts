import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

export const missingDelete = {
  id: "missing-delete",
  description: "A client abandoned sessions (started a new one while they were alive) without sending DELETE for them.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 5: clients that no longer need a session SHOULD send DELETE`,
  *detect(timeline) {
    const byId = new Map(timeline.sessions.map((s) => [s.id, s]));
    for (const client of timeline.clients) {
      const abandoned = new Set<string>();
      for (const r of timeline.reinitializations) {
        if (r.kind === "loss" && r.request.clientKey === client.key) for (const id of r.aliveSessions) abandoned.add(id);
      }
      if (abandoned.size === 0) continue;
      const deletes = client.requests.filter((r) => r.httpMethod === "DELETE").length;
      const owned = timeline.sessions.filter((s) => s.owner === client.key).length;
      yield {
        client: client.key,
        message: `${client.key} abandoned ${abandoned.size} session(s) without DELETE (${deletes} DELETE request(s) for ${owned} session(s))`,
        evidence: [...abandoned].map((id) => {
          const session = byId.get(id)!;
          return session.created?.ref ?? session.createdBy?.ref ?? session.requests[0]!.ref;
        }),
      };
    }
  },
} satisfies Analyzer;
