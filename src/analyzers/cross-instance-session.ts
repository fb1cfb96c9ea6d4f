import type { LineRef } from "../events.js";
import type { RequestRecord, Session } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";

/**
 * A warning, not an error: the client did nothing wrong by sending the id it was given. The fault
 * is in front of the servers (a load balancer without sticky sessions, or instances that do not
 * share session state), and the client then sees 404 `Session not found` for a session that is
 * alive on the instance that made it.
 */
export const crossInstanceSession = {
  id: "cross-instance-session",
  description: "A session id created on one server instance was sent to another instance (a load balancer without sticky sessions).",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, items 1–3: the id is the server's; only the instance that assigned it knows it`,
  *detect(timeline) {
    const pairs = new Map<string, { from: string; to: string; sessions: Set<Session>; requests: RequestRecord[] }>();
    for (const session of timeline.sessions) {
      if (session.instance === null) continue;
      for (const request of session.requests) {
        if (request.instance === null || request.instance === session.instance) continue;
        const key = JSON.stringify([session.instance, request.instance]);
        const pair = pairs.get(key) ?? { from: session.instance, to: request.instance, sessions: new Set(), requests: [] };
        pair.sessions.add(session);
        pair.requests.push(request);
        pairs.set(key, pair);
      }
    }
    for (const { from, to, sessions, requests } of pairs.values()) {
      const notFound = requests.filter((r) => r.response?.status === 404).length;
      const clients = new Set(requests.map((r) => r.clientKey));
      yield {
        message:
          `${sessions.size} session(s) created on instance ${from} were sent to instance ${to} in ${requests.length} request(s) ` +
          `(${notFound} answered 404) by ${clients.size} client(s): requests are not routed to the instance that holds their session`,
        evidence: [...[...sessions].map(creationRef), ...requests.map((r) => r.ref)],
      };
    }
  },
} satisfies Analyzer;

/** The line that shows where the session was made: its session_created line, else its initialize's response. */
function creationRef(session: Session): LineRef {
  return session.created?.ref ?? session.createdBy?.response?.ref ?? session.startRef;
}
