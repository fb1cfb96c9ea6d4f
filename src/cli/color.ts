/**
 * NO_COLOR (set, non-empty) turns colour off; FORCE_COLOR forces it; otherwise colour only on a
 * TTY. chalk 5 ignores NO_COLOR itself (ECOSYSTEM.md), so the decision is made here.
 */
export function shouldUseColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return isTTY;
}
