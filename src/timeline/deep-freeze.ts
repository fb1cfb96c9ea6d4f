/**
 * Freezes a model so that an analyzer that tries to change it fails loudly. The model is a
 * tree with shared leaves (a request sits in its client, batch and session), never a cycle,
 * so an object already frozen is one already walked: no visited set is needed.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  // Typed arrays cannot be frozen; the request columns are read through getters only (records.ts).
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) for (const item of value) deepFreeze(item);
  else for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
