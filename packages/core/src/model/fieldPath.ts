/**
 * Dotted field paths (`eventBody.queueId`, `eventBody.participants.0.id`) read from a record.
 * Config names fields as text, so every path-taking operator and sink shares one reader: it is compiled
 * once into its segments, and a missing step yields `undefined` instead of throwing, because
 * Genesys omits fields that are null.
 */
export type FieldReader = (record: unknown) => unknown;

/** What a field path in a config may look like: dotted names and indexes, no brackets or spaces. */
export const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z0-9_$-]+)*$/;

const OWN = Object.prototype.hasOwnProperty;

export function fieldPath(path: string): FieldReader {
  const segments = path.split('.').filter((s) => s.length > 0);
  if (segments.length === 1) {
    const only = segments[0]!;
    return (record) => (typeof record === 'object' && record !== null && OWN.call(record, only) ? (record as Record<string, unknown>)[only] : undefined);
  }
  return (record) => {
    let value: unknown = record;
    for (const segment of segments) {
      // Own properties only: a path such as `constructor.name` must not reach into prototypes.
      if (typeof value !== 'object' || value === null || !OWN.call(value, segment)) return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
    return value;
  };
}
