import type { Analyzer } from "./analyzer.js";
import { crossInstanceSession } from "./cross-instance-session.js";
import { duplicateInitialize } from "./duplicate-initialize.js";
import { longStream } from "./long-stream.js";
import { missingDelete } from "./missing-delete.js";
import { missingResponseSessionId } from "./missing-response-session-id.js";
import { missingSessionId } from "./missing-session-id.js";
import { orphanedSessions } from "./orphaned-sessions.js";
import { serverRestart } from "./server-restart.js";
import { sessionAccumulation } from "./session-accumulation.js";
import { sessionChurn } from "./session-churn.js";
import { unknownSession } from "./unknown-session.js";

/** Every rule, alphabetical by id. Rule ids are a stable interface. */
export const analyzers = [
  crossInstanceSession,
  duplicateInitialize,
  longStream,
  missingDelete,
  missingResponseSessionId,
  missingSessionId,
  orphanedSessions,
  serverRestart,
  sessionAccumulation,
  sessionChurn,
  unknownSession,
] as const satisfies readonly Analyzer[];
