import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { CREDENTIAL_HEADERS, REDACTED } from "../redact.js";

export { REDACTED };

/**
 * Credentials by name; `mcp-session-id` is kept on purpose: it is what the log is about. Broader
 * than the report's list: here a name is known to be a header name, so `auth` or `token` anywhere
 * in it is a safe bet, where in free log text it would hit `oauth-client/1.0`.
 */
const SENSITIVE = new RegExp(`^(${CREDENTIAL_HEADERS.join("|")})$|token|secret|password|api-key|apikey|auth`, "i");

export function isSensitiveHeader(name: string): boolean {
  return name.toLowerCase() !== "mcp-session-id" && SENSITIVE.test(name);
}

/** Header names and values for the log, with every credential's value replaced. */
export function redactHeaders(headers: IncomingHttpHeaders | OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = isSensitiveHeader(key) ? REDACTED : Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

/** The first value of a header, or null when absent. */
export function headerValue(headers: IncomingHttpHeaders | OutgoingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : String(value);
}
