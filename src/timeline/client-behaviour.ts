import type { ClientVerdict } from "../report.js";
import type { Client, RecordList, Timeline } from "./model.js";
import { clientPositions, positionOfClient, positionOfKeyCode } from "./client-index.js";
import type { LoggedSession } from "./logged-session.js";
import { ClientRequestCounts } from "./client-request-counts.js";
import { LossesByClient } from "./losses-by-client.js";
import { SessionUses } from "./session-uses.js";

export interface ClientBehaviour {
  readonly client: Client;
  /** How many sessions it owns. */
  readonly sessionCount: number;
  readonly initializes: number;
  readonly deletes: number;
  /** How many sessions it lost, and the first MAX_EVIDENCE losses as their requests' rows (of the timeline's request table). */
  readonly losses: { readonly count: number; readonly kept: readonly number[] };
  readonly churnRatio: number;
  readonly sessionsReusedAcrossBatches: number;
  readonly verdict: ClientVerdict;
}

interface ClientBehaviours {
  /** By the client's position in timeline.clients: the sessions it owns, and of them those reused across batches. */
  readonly sessions: OwnedSessions;
  readonly described: Map<Client, ClientBehaviour>;
}

/** A rule (session-churn) and the report's clients table both ask for every client. */
const cache = new WeakMap<Timeline, ClientBehaviours>();

/**
 * persists: never lost a session. intermittent: lost some, but also reused a session in a later
 * batch, so it can persist one. new-session-every-batch: lost sessions and never reused one.
 */
export function describeClientBehaviour(client: Client, timeline: Timeline): ClientBehaviour {
  let behaviours = cache.get(timeline);
  if (!behaviours) cache.set(timeline, (behaviours = { sessions: countOwnedSessions(timeline), described: new Map() }));
  let behaviour = behaviours.described.get(client);
  if (!behaviour) behaviours.described.set(client, (behaviour = describe(client, timeline, behaviours.sessions)));
  return behaviour;
}

const NO_LOSSES: ClientBehaviour["losses"] = { count: 0, kept: [] };

function describe(client: Client, timeline: Timeline, sessions: OwnedSessions): ClientBehaviour {
  const k = positionOfClient(timeline, client);
  const reused = sessions.reused[k]!;
  const counts = timeline.tallies.of(ClientRequestCounts);
  const position = timeline.tallies.positionOf(client);
  const losses = timeline.tallies.of(LossesByClient).of(position) ?? NO_LOSSES;
  const verdict: ClientVerdict = losses.count === 0 ? "persists" : reused > 0 ? "intermittent" : "new-session-every-batch";
  return {
    client,
    sessionCount: sessions.owned[k]!,
    initializes: counts.initializes[position]!,
    deletes: counts.deletes[position]!,
    losses,
    churnRatio: client.batchCount === 0 ? 0 : losses.count / client.batchCount,
    sessionsReusedAcrossBatches: reused,
    verdict,
  };
}

interface OwnedSessions {
  readonly owned: Int32Array;
  readonly reused: Int32Array;
}

/**
 * Each client's sessions (those it owns), counted, and of them those reused across batches, by its
 * position in timeline.clients. Counted, not listed: only the counts are reported, and a list per
 * client of the 1 GiB bench log's 371,000 sessions was 15.6 MB of the rules' heap allocation (a
 * sampling heap profile counting collected objects, /tmp/s22t/heapprof.mjs), held as long as the
 * timeline. Reuse is what the walk gathered (SessionUses): read from each session's request rows
 * here, it was 66,000 jumps between the request table's blocks at 1 GiB, every block kept for them.
 * The owner is found by its key's number (a filtered timeline may have left the owner out): its
 * key and a Map lookup took 116–173 ms a pass there, as long as the reuse itself.
 */
function countOwnedSessions(timeline: Timeline): OwnedSessions {
  const positions = clientPositions(timeline);
  const sessions = timeline.sessions as RecordList<LoggedSession>;
  const owned = new Int32Array(timeline.clients.length);
  const reused = new Int32Array(timeline.clients.length);
  const reuse = timeline.tallies.of(SessionUses);
  for (let i = 0; i < sessions.length; i++) {
    const session = sessions.at(i)!;
    const k = positionOfKeyCode(positions, session.ownerCode);
    if (k === -1) continue;
    owned[k]!++;
    if (reuse.isReused(session)) reused[k]!++;
  }
  return { owned, reused };
}
