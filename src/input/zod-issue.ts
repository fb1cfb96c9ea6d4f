import type { z } from "zod";

/** One readable clause per zod issue: `field mcp_session_id: expected string, received number`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? `field ${issue.path.join(".")}: ` : "";
      return path + issue.message.replace(/^Invalid input: /, "");
    })
    .join("; ");
}
