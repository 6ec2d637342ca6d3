/**
 * gcstream's counters and gauges. Every count the design names (received, deduped, delivered,
 * retried, dead-lettered, backfilled, reconnects, rollovers, gaps) is recorded here, and the same
 * numbers feed the status line and the Prometheus endpoint.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void;
  set(name: string, value: number, labels?: Labels): void;
  get(name: string, labels?: Labels): number;
  /** Every series as `name{a="b"}` -> value, for tests and the status line. */
  snapshot(): Record<string, number>;
}

function formatSeriesKey(name: string, labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

// Hot paths pass the same frozen labels object for every event; formatting its key once per
// (labels, name) keeps `inc` to two Map lookups instead of a sort and a join per event.
const seriesKeys = new WeakMap<Labels, Map<string, string>>();

function seriesKey(name: string, labels?: Labels): string {
  if (!labels) return name;
  let byName = seriesKeys.get(labels);
  if (byName === undefined) seriesKeys.set(labels, (byName = new Map()));
  let key = byName.get(name);
  if (key === undefined) byName.set(name, (key = formatSeriesKey(name, labels)));
  return key;
}

/** An in-memory metrics registry. Cheap enough for the hot path: one Map lookup per call. */
export function createMetrics(): Metrics {
  const values = new Map<string, number>();
  return {
    inc(name, labels, by = 1) {
      const key = seriesKey(name, labels);
      values.set(key, (values.get(key) ?? 0) + by);
    },
    set(name, value, labels) {
      values.set(seriesKey(name, labels), value);
    },
    get(name, labels) {
      return values.get(seriesKey(name, labels)) ?? 0;
    },
    snapshot() {
      return Object.fromEntries(values);
    },
  };
}
