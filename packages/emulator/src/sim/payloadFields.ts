/** How every body the emulator sends spells its fields, shared by notifications and analytics. */

export const iso = (ms: number): string => new Date(ms).toISOString();

/** Drops undefined fields, so payloads carry only what is set (as Genesys Cloud omits nulls). */
export function compact<T extends Record<string, unknown>>(object: T): T {
  // Copying is cheaper than `delete`, which turns objects into slow dictionaries.
  const out: Record<string, unknown> = {};
  for (const key in object) if (object[key] !== undefined) out[key] = object[key];
  return out as T;
}
