import type { z } from "zod";

/** One readable clause per zod issue: `field mcp_session_id: expected string, received number`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join(".");
      // zod calls 1.5 "a number" where an int was expected, which reads as a contradiction.
      const message = issue.message.replace(/^Invalid input: /, "").replace("expected int, received number", "expected an integer, received a fraction");
      if (field === "") return message;
      // zod says "expected string, received undefined" for a field that is not there at all.
      return message.endsWith("received undefined") ? `missing field ${field}` : `field ${field}: ${message}`;
    })
    .join("; ");
}
