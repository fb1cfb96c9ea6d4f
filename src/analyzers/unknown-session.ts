import type { LineRef } from "../events.js";
import { withRoomFor } from "../grown-column.js";
import { NULL_CODE } from "../timeline/interner.js";
import type { LoggedSession } from "../timeline/logged-session.js";
import { DELETE, INITIALIZE, type ReleasedRequests } from "../timeline/released-requests.js";
import type { WalkObserver } from "../timeline/walk-feed.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { CountedEvidence, MAX_EVIDENCE } from "../counted-evidence.js";

export const unknownSession = {
  id: "unknown-session",
  description: "A client sent a session id the server no longer knew (404, or ended earlier in the log); reports whether it then re-initialized.",
  severity: "warning",
  specRef: `${SESSION_MANAGEMENT_SPEC}, items 3–4: the server MUST answer 404; the client MUST then send a new initialize`,
  *detect(timeline) {
    const { tallies } = timeline;
    const found = tallies.of(UnknownSessionUses).found;
    for (const client of timeline.clients) {
      const uses = found[tallies.positionOf(client)];
      if (!uses) continue;
      const { unknown, notFound, reinitialized } = uses;
      yield {
        client: client.key,
        message:
          `${client.key} sent ${unknown.count} request(s) with a session id the server no longer knew (${notFound} answered 404); ` +
          `it re-initialized after ${reinitialized} of them`,
        evidence: unknown.kept,
        evidenceCount: unknown.count,
      };
    }
  },
} satisfies Analyzer;

/** A client's requests with an id the server no longer knew. */
interface Uses {
  /** Counted: a server that lost its sessions answers 404 to every later request. Their lines only: the detection lists no more. */
  readonly unknown: CountedEvidence<LineRef>;
  notFound: number;
  reinitialized: number;
}

/**
 * Each client's requests (by its position, Tallies.positionOf) that carried an id the server no
 * longer knew: answered 404, or sent (DELETE aside) after their session's end. A session's end
 * before a request was walked before the request was released (the walk is in log order), but for
 * a restart placed behind the walk and found later than the lags, which Tallies.lateFacts counts,
 * as it does an answer logged that late. Kept per client: three counts, a flag and at most
 * MAX_EVIDENCE line references.
 */
export class UnknownSessionUses implements WalkObserver {
  readonly found: (Uses | undefined)[] = [];
  /**
   * By client position: 1 when its latest kept request was one, so that its next kept request says
   * whether it re-initialized. Read at every kept request: as a field of the client's Uses, reached
   * through `found`, the read was 24 ms of the main thread at 1 GiB (node --cpu-prof, its line's ticks).
   */
  private pending = new Uint8Array(256);

  /** `sessions`: the requests', as the timeline holds them (null for none, or one the filter dropped). */
  requests(released: ReleasedRequests) {
    const { length, kept, client, sessionCode, flags, status, seq, sessions } = released;
    // A session's end as the walk knows it, which stays while a chunk is told: read once for a run of its requests.
    let lastSession: LoggedSession | null = null;
    let lastEndSeq = Infinity;
    let pending = this.pending;
    for (let i = 0; i < length; i++) {
      if (kept[i] === 0) continue;
      const k = client[i]!;
      const code = sessionCode[i]!;
      const kind = flags[i]!;
      if (k >= pending.length) this.pending = pending = withRoomFor(pending, k);
      if (pending[k] === 1) {
        pending[k] = 0;
        if ((kind & INITIALIZE) !== 0 && code === NULL_CODE) this.found[k]!.reinitialized++;
      }
      // A negative code is a request without an id (null or absent).
      if (code < 0) continue;
      const notFound = status[i] === 404;
      if (!notFound) {
        // Sent after its session's end (Infinity while it lives); a DELETE after the end only says the client let it go.
        const session = sessions[i]!;
        if (session === null || (kind & DELETE) !== 0) continue;
        if (session !== lastSession) {
          lastSession = session;
          lastEndSeq = session.endSeq;
        }
        if (!(seq[i]! > lastEndSeq)) continue;
      }
      const found = (this.found[k] ??= { unknown: new CountedEvidence(), notFound: 0, reinitialized: 0 });
      // The reference is made only for the ones listed: a server that lost its sessions may answer 404 to millions.
      if (found.unknown.count < MAX_EVIDENCE) found.unknown.add(released.requestAt(i).ref);
      else found.unknown.count++;
      if (notFound) found.notFound++;
      pending[k] = 1;
    }
  }
}
