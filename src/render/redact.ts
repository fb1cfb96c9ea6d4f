import { createHmac } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { Report } from "../report.js";

/**
 * How the formats people paste into public issues show session ids and addresses. Credentials
 * are gone before this (see src/redact.ts): this is about what identifies a client or a session.
 * - `short`: ids as their first 8 characters (the renderers cut them), addresses masked;
 * - `salted`: ids as the first 8 hex digits of HMAC-SHA256(salt, id): stable across runs with
 *   the same salt, revealing nothing of the id; addresses masked;
 * - `full`: whole ids (`--full-ids`), addresses masked unless `maskAddresses` is off (`--no-redact`).
 */
export interface DisplayRedaction {
  readonly ids: "short" | "salted" | "full";
  readonly salt?: string;
  readonly maskAddresses: boolean;
}

const SHORT_ID_LENGTH = 8;

/** `203.0.113.7` → `203.0.113.x`; IPv6 keeps its first 2 groups (`2001:db8:x:x:x:x:x:x`), an IPv4-mapped one its prefix. */
export function maskIpAddress(address: string): string {
  if (isIPv4(address)) return address.replace(/\.\d+$/, ".x");
  if (!isIPv6(address)) return address;
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return `${mapped[1]}${maskIpAddress(mapped[2]!)}`;
  const [head = "", tail] = address.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return `${groups[0]}:${groups[1]}:x:x:x:x:x:x`;
}

// Candidates only: each is checked with node:net, so `08:28:46` or `v1.2.3.4.5` stay as they are.
const IPV4_CANDIDATE = /(?<!\d|\d\.)\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)/g;
const IPV6_CANDIDATE = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)/g;

/** Every IPv4 and IPv6 address in the text masked, as maskIpAddress does. */
export function maskIpAddresses(text: string): string {
  if (!/\d\.\d|:.*:/.test(text)) return text;
  return text
    .replace(IPV6_CANDIDATE, (candidate) => (isIPv6(candidate) ? maskIpAddress(candidate) : candidate))
    .replace(IPV4_CANDIDATE, (candidate) => (isIPv4(candidate) ? maskIpAddress(candidate) : candidate));
}

/** The first 8 hex digits of HMAC-SHA256(salt, id). */
export function saltedId(id: string, salt: string): string {
  return createHmac("sha256", salt).update(id).digest("hex").slice(0, SHORT_ID_LENGTH);
}

// Ids quoted inside text (a skip reason quoting a line) are found as word tokens with a digit (so
// rule ids and verdicts are never taken for one); a token that is no session id of the report but
// looks like a UUID is treated as one all the same.
const ID_TOKEN = /[\w-]*\d[\w-]*/g;
const MIN_ID_TOKEN = SHORT_ID_LENGTH + 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Fields that hold a session id and nothing else. */
const ID_FIELDS = new Set(["id", "sessionId", "aliveSessions"]);
// Fields the tool writes itself (times, enums, rule ids) or that name the input file: a hostile
// session id equal to one must not rewrite it, and masking `10.0.0.1.jsonl` would break a reference.
const OWN_FIELDS = new Set(["file", "path", "at", "until", "createdAt", "endedAt", "lastSeenAt", "firstEventAt", "lastEventAt", "from", "to", "type", "kind", "verdict", "endedBy", "rule", "severity", "source", "activeSessionsSource", "peakActiveSessionsSource", "format", "name", "version", "title"]);
/** Records keyed by log text. */
const TEXT_KEYED_FIELDS = new Set(["ignoredEvents"]);

/**
 * The report as the display formats (markdown, html, table, GitHub annotations and step summary)
 * show it. An id field is salted, or kept whole for the renderers to cut (they key bars and rows by
 * it, and two ids may share 8 characters). Ids inside text are replaced by what the renderers would
 * show; addresses anywhere in log text are masked. JSON, JUnit and SARIF get the report as it is.
 */
export function redactForDisplay(report: Report, policy: DisplayRedaction): Report {
  if (policy.ids === "full" && !policy.maskAddresses) return report;
  const ids = collectSessionIds(report);
  const show = (id: string) => (policy.ids === "salted" ? saltedId(id, policy.salt ?? "") : Array.from(id).slice(0, SHORT_ID_LENGTH).join(""));
  const isId = (token: string) => token.length >= MIN_ID_TOKEN && (ids.has(token) || UUID.test(token));
  const redactText = (text: string): string => {
    const out = policy.ids === "full" ? text : text.replace(ID_TOKEN, (token) => (isId(token) ? show(token) : token));
    return policy.maskAddresses ? maskIpAddresses(out) : out;
  };
  const redactField = (text: string, field: string): string => {
    if (OWN_FIELDS.has(field)) return text;
    if (ID_FIELDS.has(field) && ids.has(text)) return policy.ids === "salted" ? show(text) : text;
    return redactText(text);
  };
  return mapFields(report, "", redactField, redactText) as Report;
}

function collectSessionIds(report: Report): Set<string> {
  const ids = new Set<string>();
  for (const session of report.sessions) ids.add(session.id);
  for (const finding of report.findings) if (finding.sessionId !== null) ids.add(finding.sessionId);
  for (const entry of report.timeline) {
    if ("sessionId" in entry && entry.sessionId !== null) ids.add(entry.sessionId);
    if (entry.type === "initialize") for (const id of entry.aliveSessions) ids.add(id);
  }
  return ids;
}

/** A copy with every string through `field` (given the name of the field it sits in). */
function mapFields(value: unknown, field: string, map: (s: string, field: string) => string, mapKey: (s: string) => string): unknown {
  if (typeof value === "string") return map(value, field);
  if (Array.isArray(value)) return value.map((item) => mapFields(item, field, map, mapKey));
  if (value === null || typeof value !== "object") return value;
  const keyed = TEXT_KEYED_FIELDS.has(field);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [keyed ? mapKey(key) : key, mapFields(item, key, map, mapKey)]));
}
