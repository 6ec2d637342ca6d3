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

function seriesKey(name: string, labels?: Labels): string {
  if (!labels) return name;
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
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
