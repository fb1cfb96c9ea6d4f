import type { LineRef } from "../events.js";
import type { RequestRecord, Session } from "../timeline/model.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { CountedEvidence, MAX_EVIDENCE } from "../counted-evidence.js";

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
    // Looked up by instance, then by instance; listed in the order the pairs first appear.
    const byInstance = new Map<string, Map<string, Pair>>();
    const pairs: Pair[] = [];
    for (const session of timeline.sessions) {
      if (session.instance === null) continue;
      for (const request of session.requests) {
        if (request.instance === null || request.instance === session.instance) continue;
        let to = byInstance.get(session.instance);
        if (!to) byInstance.set(session.instance, (to = new Map()));
        let pair = to.get(request.instance);
        if (!pair) {
          to.set(request.instance, (pair = { from: session.instance, to: request.instance, lastSession: null, sessions: new CountedEvidence(), requests: new CountedEvidence(), notFound: 0, clients: new Set() }));
          pairs.push(pair);
        }
        // A session's requests are read together: it is new to the pair when it is not the last one added.
        if (pair.lastSession !== session) {
          pair.lastSession = session;
          pair.sessions.add(session);
        }
        pair.requests.add(request);
        if (request.response?.status === 404) pair.notFound++;
        pair.clients.add(request.clientKey);
      }
    }
    for (const { from, to, sessions, requests, notFound, clients } of pairs) {
      yield {
        message:
          `${sessions.count} session(s) created on instance ${from} were sent to instance ${to} in ${requests.count} request(s) ` +
          `(${notFound} answered 404) by ${clients.size} client(s): requests are not routed to the instance that holds their session`,
        evidence: [...sessions.kept.map(creationRef), ...requests.kept.map((r) => r.ref)].slice(0, MAX_EVIDENCE),
        evidenceCount: sessions.count + requests.count,
      };
    }
  },
} satisfies Analyzer;

/** A pair of instances: its sessions and requests counted, the first MAX_EVIDENCE of each kept (a misrouted deployment misroutes every request). */
interface Pair {
  readonly from: string;
  readonly to: string;
  lastSession: Session | null;
  readonly sessions: CountedEvidence<Session>;
  readonly requests: CountedEvidence<RequestRecord>;
  notFound: number;
  readonly clients: Set<string>;
}

/** The line that shows where the session was made: its session_created line, else its initialize's response. */
function creationRef(session: Session): LineRef {
  return session.created?.ref ?? session.createdBy?.response?.ref ?? session.startRef;
}
