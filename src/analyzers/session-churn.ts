import { describeClientBehaviour, type ClientBehaviour } from "../timeline/client-behaviour.js";
import { requestRows } from "../timeline/rows.js";
import { refsInRowOrder } from "../timeline/refs-in-row-order.js";
import { SESSION_MANAGEMENT_SPEC, type Analyzer } from "./analyzer.js";
import { firstEvidence } from "../counted-evidence.js";

export const sessionChurn = {
  id: "session-churn",
  description: "A client sent initialize without mcp-session-id while a session it created was still alive on the server.",
  severity: "error",
  specRef: `${SESSION_MANAGEMENT_SPEC}, item 2: clients MUST include the session id on all subsequent requests`,
  cannotCheck: (facts) =>
    facts.requests > 0 && facts.requestsOfUnknownKind === facts.requests
      ? "no request says whether it was an initialize (no is_initialize, rpc_method or answering session id)"
      : null,
  *detect(timeline, { acceptedChurnRatio }) {
    const churned: ClientBehaviour[] = [];
    for (const client of timeline.clients) {
      const behaviour = describeClientBehaviour(client, timeline);
      // A team may accept some churn (thresholds.acceptedChurnRatio); the default 0 accepts none.
      if (behaviour.losses.count === 0 || behaviour.churnRatio <= acceptedChurnRatio) continue;
      churned.push(behaviour);
    }
    // Every client's first losses read together in row order: client by client, they were 41,000 reads of spilled blocks at 1 GiB.
    const refs = refsInRowOrder(requestRows(timeline).table, churned.flatMap((behaviour) => behaviour.losses.kept));
    for (const behaviour of churned) {
      const { client } = behaviour;
      yield {
        client: client.key,
        message:
          `${client.key} lost its session ${behaviour.losses.count} time(s) in ${client.batchCount} batch(es) ` +
          `(churn ${behaviour.churnRatio.toFixed(2)}; ${behaviour.sessionsReusedAcrossBatches} session(s) reused across batches): ${behaviour.verdict}`,
        evidence: firstEvidence(behaviour.losses.kept, (row) => refs.get(row)!),
        evidenceCount: behaviour.losses.count,
      };
    }
  },
} satisfies Analyzer;
