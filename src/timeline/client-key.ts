/** Requests are grouped into clients by user agent, plus the remote address when it was logged. */
export function clientKeyOf(userAgent: string | null, remoteAddress: string | null): string {
  const agent = userAgent ?? "(no user-agent)";
  return remoteAddress ? `${agent} @ ${remoteAddress}` : agent;
}
