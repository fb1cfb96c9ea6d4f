import { DuplicateInitializes } from "./analyzers/duplicate-initialize.js";
import { InitializesWithoutSessionId } from "./analyzers/missing-response-session-id.js";
import { SamplesSinceRestart } from "./analyzers/session-accumulation.js";
import { UnknownSessionUses } from "./analyzers/unknown-session.js";
import { IdleBeforeLoss } from "./hypotheses/idle-before-loss.js";
import { LossWithOpenStreams } from "./hypotheses/loss-with-open-streams.js";
import { ReinitializationTally } from "./hypotheses/reinitialization-tally.js";
import { InitializeResponseHeaders } from "./hypotheses/server-omits-session-id.js";
import { ActiveSamples } from "./timeline/active-series.js";
import { BatchSequences } from "./timeline/batch-sequences.js";
import { ClientRequestCounts } from "./timeline/client-request-counts.js";
import { LossIdleGaps } from "./timeline/loss-idle-gaps.js";
import { LossesByClient } from "./timeline/losses-by-client.js";
import { NarratedInitializes } from "./timeline/narrated-initializes.js";
import { RequestCounts } from "./timeline/request-counts.js";
import { SessionUses } from "./timeline/session-uses.js";
import type { Tally } from "./timeline/walk-feed.js";

/**
 * Every tally the fold gathers as its walk releases the requests (timeline/walk-feed.ts): the
 * report's and the rules'. The pipeline (analyze.ts) hands them all to the fold, and so does a
 * rule's test, which builds its timeline as the CLI does and reads what the CLI's run would.
 */
export const TALLIES: readonly Tally[] = [RequestCounts, ClientRequestCounts, DuplicateInitializes, InitializesWithoutSessionId, InitializeResponseHeaders, ActiveSamples, SamplesSinceRestart, BatchSequences, UnknownSessionUses, NarratedInitializes, ReinitializationTally, LossIdleGaps, LossesByClient, LossWithOpenStreams, IdleBeforeLoss, SessionUses];
