import { z } from "zod";

/**
 * The internal events every input adapter produces: the single source of their types.
 * Times are epoch milliseconds; `ref` points back to the log line that proves the event.
 */
export const LineRefSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
});
export type LineRef = z.infer<typeof LineRefSchema>;

const base = {
  at: z.number(),
  ref: LineRefSchema,
  /** The server process the line came from (`--instance-from`); absent or null when not labelled. */
  instance: z.string().nullable().optional(),
};

export const RequestEventSchema = z.object({
  ...base,
  kind: z.literal("request"),
  requestId: z.string().nullable(),
  httpMethod: z.string().nullable(),
  /** `undefined` when the log did not record the header at all (not the same as "sent none"). */
  sessionId: z.string().nullable().optional(),
  /** `null` when neither `is_initialize` nor `rpc_method` was logged. */
  isInitialize: z.boolean().nullable(),
  rpcMethod: z.string().nullable(),
  userAgent: z.string().nullable(),
  remoteAddress: z.string().nullable(),
});

export const ResponseEventSchema = z.object({
  ...base,
  kind: z.literal("response"),
  requestId: z.string().nullable(),
  /** `undefined` when the log did not record the response header at all. */
  sessionId: z.string().nullable().optional(),
  status: z.number().int().nullable(),
});

export const SessionCreatedEventSchema = z.object({
  ...base,
  kind: z.literal("session-created"),
  sessionId: z.string(),
  activeSessions: z.number().int().nullable(),
});

export const SessionEndedEventSchema = z.object({
  ...base,
  kind: z.enum(["session-closed", "session-removed"]),
  sessionId: z.string(),
  activeSessions: z.number().int().nullable(),
});

export const StreamClosedEventSchema = z.object({
  ...base,
  kind: z.literal("stream-closed"),
  sessionId: z.string().nullable(),
  elapsedMs: z.number().nullable(),
});

export const ServerStartedEventSchema = z.object({
  ...base,
  kind: z.literal("server-started"),
  pid: z.number().int().nullable(),
});

export const EventSchema = z.discriminatedUnion("kind", [
  RequestEventSchema,
  ResponseEventSchema,
  SessionCreatedEventSchema,
  SessionEndedEventSchema,
  StreamClosedEventSchema,
  ServerStartedEventSchema,
]);

export type Event = z.infer<typeof EventSchema>;
export type RequestEvent = z.infer<typeof RequestEventSchema>;
export type ResponseEvent = z.infer<typeof ResponseEventSchema>;
export type SessionCreatedEvent = z.infer<typeof SessionCreatedEventSchema>;
export type SessionEndedEvent = z.infer<typeof SessionEndedEventSchema>;
export type StreamClosedEvent = z.infer<typeof StreamClosedEventSchema>;
export type ServerStartedEvent = z.infer<typeof ServerStartedEventSchema>;
