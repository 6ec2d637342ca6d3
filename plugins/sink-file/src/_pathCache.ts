import type { GenesysEvent } from '@gcstream/core';

const HOUR = 3_600_000;
/** Past this many paths in one hour (a file per conversation with `{id}`), the cache starts over. */
const MAX_PATHS = 10_000;

/** The event fields a path can depend on besides its receive time. */
export type PathField = 'family' | 'topic' | 'id';

type Level = Map<string, Level | string>;

const READ: Record<PathField, (event: GenesysEvent) => string> = {
  family: (event) => event.family,
  topic: (event) => event.topic,
  id: (event) => event.ids[0] ?? '_',
};

/**
 * `render` remembered by the raw values of the fields the template reads, within the UTC hour of
 * receive time being written (`timed`: the template has `{date}` or `{hour}`), so the cache starts
 * over when the hour turns. A batch goes to a handful of files: the path is built, and its values
 * made safe, once per file and hour instead of once per event. The maps are nested by field value
 * rather than keyed by a joined string, so a hit allocates nothing and no two combinations of
 * values can share a key.
 */
export function cachePaths(fields: readonly PathField[], timed: boolean, render: (event: GenesysEvent) => string): (event: GenesysEvent) => string {
  const readers = fields.length > 0 ? fields.map((field) => READ[field]) : [() => ''];
  const last = readers.length - 1;
  let paths: Level = new Map();
  let count = 0;
  let hourStart = Number.NaN;
  return (event) => {
    const start = timed ? Math.floor(event.receivedAt / HOUR) * HOUR : 0;
    if (start !== hourStart || count >= MAX_PATHS) {
      paths = new Map();
      count = 0;
      hourStart = start;
    }
    let level = paths;
    for (let i = 0; i < last; i++) {
      const value = readers[i]!(event);
      let next = level.get(value) as Level | undefined;
      if (next === undefined) level.set(value, (next = new Map()));
      level = next;
    }
    const value = readers[last]!(event);
    let path = level.get(value) as string | undefined;
    if (path === undefined) {
      path = render(event);
      level.set(value, path);
      count++;
    }
    return path;
  };
}
