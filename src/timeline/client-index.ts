import type { Client, RecordList, Session, Timeline } from "./model.js";
import type { LoggedSession } from "./logged-session.js";
import { LoggedClient } from "./logged-client.js";
import { rowsOf } from "./rows.js";
import { CountedEvidence } from "../counted-evidence.js";

/**
 * Each client's abandoned sessions counted, the first MAX_EVIDENCE kept: a count and the first are
 * all a rule or the report reads, and the lists of all of them (305,000 abandoned sessions at 1 GiB)
 * were held as long as the timeline. The losses are counted so in the walk (LossesByClient).
 */
export interface ClientIndex {
  readonly abandoned: ReadonlyMap<string, CountedEvidence<Session>>;
}

const cache = new WeakMap<Timeline, ClientIndex>();

/**
 * Abandoned sessions grouped by client key, built once per timeline:
 * rules and the report ask per client, and filtering the whole model for each client made
 * the analysis quadratic on busy logs.
 */
export function indexByClient(timeline: Timeline): ClientIndex {
  let index = cache.get(timeline);
  if (!index) {
    index = { abandoned: groupByOwner(timeline, timeline.abandonedSessions) };
    cache.set(timeline, index);
  }
  return index;
}

/**
 * Sessions by their owner's key, each owner's in the given order; sessions without one, or whose
 * owner a filter left out of the clients, are left out (only clients are asked for). The owner is
 * found by its key's number (see clientPositions): its key made and looked up in a Map per session
 * took 135 ms of the 1 GiB bench log's 371,000 sessions.
 */
function groupByOwner(timeline: Timeline, sessions: RecordList<Session>): Map<string, CountedEvidence<Session>> {
  const positions = clientPositions(timeline);
  const byPosition = new Array<CountedEvidence<Session> | undefined>(timeline.clients.length);
  const owned = new Map<string, CountedEvidence<Session>>();
  for (let i = 0; i < sessions.length; i++) {
    const session = sessions.at(i)!;
    const k = positionOfKeyCode(positions, (session as LoggedSession).ownerCode);
    if (k === -1) continue;
    let list = byPosition[k];
    if (!list) owned.set(timeline.clients[k]!.key, (list = byPosition[k] = new CountedEvidence()));
    list.add(session);
  }
  return owned;
}

const positionsCache = new WeakMap<Timeline, Int32Array>();

/**
 * Each client's position in timeline.clients, indexed by its key's number (LoggedRequest.clientCode),
 * for the passes that read the requests in log order and keep something per client. A client's
 * requests lie all over a busy log's heap: read client by client, the 1 GiB bench log's 2.0M
 * requests took 600-800 ms a pass, in log order 150 ms.
 */
export function clientPositions(timeline: Timeline): Int32Array {
  let positions = positionsCache.get(timeline);
  if (!positions) positionsCache.set(timeline, (positions = positionsByKeyCode(timeline.clients)));
  return positions;
}

/** Each client's position in `clients`, indexed by its key's number; -1 for a number that is no client's key. */
export function positionsByKeyCode(clients: readonly Client[]): Int32Array {
  const codes = keyCodesInRowOrder(clients);
  const positions = new Int32Array(codes.reduce((max, code) => Math.max(max, code), -1) + 1).fill(-1);
  for (let k = 0; k < codes.length; k++) positions[codes[k]!] = k;
  return positions;
}

/**
 * The position of the client whose key has number `code`, in the clients `positions` was made
 * of; -1 for none (a session without an owner, or an owner a filter left out of the clients).
 */
export function positionOfKeyCode(positions: Int32Array, code: number): number {
  return code >= 0 && code < positions.length ? positions[code]! : -1;
}

/** The client's position in timeline.clients. */
export function positionOfClient(timeline: Timeline, client: Client): number {
  return clientPositions(timeline)[keyCode(client)]!;
}

/**
 * The clients' keys' numbers, a kept client's (KeptClient) read from its first request in row
 * order and kept for keyCode: a filtered timeline's clients' first kept requests need not come in
 * their order, and keyCode asked client by client among the rules' other reads (positionOfClient,
 * Tallies.positionOf) read a spilled block back for most clients (846 reads at 1 GiB). A logged
 * client knows its own, without its rows (see ClientLists).
 */
function keyCodesInRowOrder(clients: readonly Client[]): number[] {
  const codes = new Array<number>(clients.length);
  const read: number[] = [];
  for (let k = 0; k < clients.length; k++) {
    const known = knownKeyCode(clients[k]!);
    if (known === -1) read.push(k);
    else codes[k] = known;
  }
  const firstRows = read.map((k) => rowsOf(clients[k]!.requests).row(0));
  const order = read.map((_, i) => i).sort((a, b) => firstRows[a]! - firstRows[b]!);
  for (const i of order) codes[read[i]!] = keyCode(clients[read[i]!]!);
  return codes;
}

/** A logged client's key's number, set when packed (packClients); -1 for another client, or one not packed. */
function knownKeyCode(client: Client): number {
  return client instanceof LoggedClient ? client.keyCode : -1;
}

/** Clients' keys' numbers as read: a client's requests, and so its key's number, do not change. */
const codes = new WeakMap<Client, number>();

/** The client key's number in the timeline's strings. Every client has a request: it is known from them, and a filter drops a client it leaves none. */
export function keyCode(client: Client): number {
  const known = knownKeyCode(client);
  if (known !== -1) return known;
  let code = codes.get(client);
  if (code === undefined) {
    const requests = rowsOf(client.requests);
    codes.set(client, (code = requests.table.clientCodeOf(requests.row(0))));
  }
  return code;
}
