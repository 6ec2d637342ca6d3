/** A dotted path into an event (`eventBody.queueId`, `ids.0`). */
export const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z0-9_$-]+)*$/;

/** Compiles a field path, checked once, to a reader. */
export function fieldReader(path: string): (record: unknown) => unknown {
  const steps = path.split('.');
  return (record) => {
    let value: unknown = record;
    for (const step of steps) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[step];
    }
    return value;
  };
}
