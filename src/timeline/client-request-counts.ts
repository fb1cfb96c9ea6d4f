import type { LoggedRequest } from "./records.js";
import type { WalkObserver } from "./walk-feed.js";

/** Each client's initializes and DELETE requests (the report's clients table), by its position (Tallies.positionOf). */
export class ClientRequestCounts implements WalkObserver {
  readonly initializes: number[] = [];
  readonly deletes: number[] = [];

  request(r: LoggedRequest, client: number, kept: boolean) {
    if (client === this.initializes.length) {
      this.initializes.push(0);
      this.deletes.push(0);
    }
    if (!kept) return;
    if (r.isInitialize === true) this.initializes[client]!++;
    if (r.httpMethod === "DELETE") this.deletes[client]!++;
  }
}
