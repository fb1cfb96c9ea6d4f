import { DELETE, INITIALIZE, type ReleasedRequests } from "./released-requests.js";
import type { WalkObserver } from "./walk-feed.js";

/** Each client's initializes and DELETE requests (the report's clients table), by its position (Tallies.positionOf). */
export class ClientRequestCounts implements WalkObserver {
  readonly initializes: number[] = [];
  readonly deletes: number[] = [];

  requests({ length, client, kept, flags }: ReleasedRequests) {
    for (let i = 0; i < length; i++) {
      const k = client[i]!;
      if (k === this.initializes.length) {
        this.initializes.push(0);
        this.deletes.push(0);
      }
      if (kept[i] === 0) continue;
      if ((flags[i]! & INITIALIZE) !== 0) this.initializes[k]!++;
      if ((flags[i]! & DELETE) !== 0) this.deletes[k]!++;
    }
  }
}
