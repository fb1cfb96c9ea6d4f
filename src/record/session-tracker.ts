/**
 * The sessions the recorder has seen created and not yet deleted: the `active_sessions` count
 * "as the proxy sees it". A session is never dropped on a 404 or a stream end, so the count stays
 * consistent with the log's own session_created / session_closed lines (the analyzer compares
 * the two to infer restarts).
 */
export class SessionTracker {
  readonly #live = new Set<string>();

  get activeSessions(): number {
    return this.#live.size;
  }

  /**
   * A successful response to a request without `mcp-session-id` that carries an id not yet live
   * is a session creation (spec: the server assigns the id on the InitializeResult response).
   * Keyed on the headers rather than the body so a body we could not parse still counts.
   */
  isCreation(requestSessionId: string | null, responseSessionId: string | null, status: number): boolean {
    if (requestSessionId !== null || responseSessionId === null || !isSuccess(status)) return false;
    if (this.#live.has(responseSessionId)) return false;
    this.#live.add(responseSessionId);
    return true;
  }

  /** A successful DELETE ends the session (spec: the client terminates it explicitly). */
  isClosure(httpMethod: string, requestSessionId: string | null, status: number): boolean {
    if (httpMethod !== "DELETE" || requestSessionId === null || !isSuccess(status)) return false;
    this.#live.delete(requestSessionId);
    return true;
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
