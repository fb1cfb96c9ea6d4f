/** Only the start of a body is read for its JSON-RPC method(s): large uploads are not held. */
export const MAX_SNIFFED_BYTES = 1 << 20;

/**
 * Collects the first MiB of a request body as it streams past, then names its JSON-RPC
 * method(s). Never holds up the body: the caller forwards every chunk whatever happens here.
 */
export class RpcMethodSniffer {
  readonly #chunks: Buffer[] = [];
  #bytes = 0;

  /** False once enough is collected: the caller can stop feeding. */
  push(chunk: Buffer | string): boolean {
    if (this.#bytes >= MAX_SNIFFED_BYTES) return false;
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const part = buffer.subarray(0, MAX_SNIFFED_BYTES - this.#bytes);
    this.#chunks.push(part);
    this.#bytes += part.length;
    return this.#bytes < MAX_SNIFFED_BYTES;
  }

  get isFull(): boolean {
    return this.#bytes >= MAX_SNIFFED_BYTES;
  }

  /** The methods of the body read so far (see `parseRpcMethods`). */
  methods(): string[] | null {
    return parseRpcMethods(Buffer.concat(this.#chunks).toString("utf8"));
  }
}

/**
 * The JSON-RPC method(s) of a body: one for a message, one per element of a batch (responses
 * in a batch have none); [] for a JSON-RPC response; null when it is not JSON at all. A body cut
 * at 1 MiB is not valid JSON: the first `"method"` string stands in (the SDK writes `method`
 * before `params`, so it is the message's own).
 */
export function parseRpcMethods(text: string): string[] | null {
  if (text.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const match = /"method"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(text);
    return match ? [match[1]!] : null;
  }
  const messages = Array.isArray(value) ? value : [value];
  return messages.flatMap((m) => (typeof m === "object" && m !== null && typeof (m as { method?: unknown }).method === "string" ? [(m as { method: string }).method] : []));
}

/** The body as a value for the log: `rpc_method` is one string (a batch's methods joined by ","). */
export function describeRpcMethods(methods: string[] | null): { rpc_method: string | null; is_initialize: boolean | null; rpc_batch?: string[] } {
  if (methods === null) return { rpc_method: null, is_initialize: null };
  return {
    rpc_method: methods.length === 0 ? null : methods.join(","),
    is_initialize: methods.includes("initialize"),
    ...(methods.length > 1 ? { rpc_batch: methods } : {}),
  };
}
