/** A dotted path into an event (`eventBody.queueId`, `ids.0`), checked once and compiled to a reader. */
export const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$-]*(\.[A-Za-z0-9_$-]+)*$/;

export type FieldReader = (record: unknown) => unknown;

export function compileFieldPath(path: string): FieldReader {
  const steps = path.split('.');
  if (steps.length === 1) {
    const [only] = steps as [string];
    return (record) => (record !== null && typeof record === 'object' ? (record as Record<string, unknown>)[only] : undefined);
  }
  return (record) => {
    let value: unknown = record;
    for (const step of steps) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[step];
    }
    return value;
  };
}
