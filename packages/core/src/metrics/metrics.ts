import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CellHistogram, type HistogramSeries } from './_cellHistogram.js';
import type { Labels } from './labels.js';
import { metricCatalogue, type MetricKind, type MetricSpec } from './catalogue.js';

/**
 * gcstream's counters, gauges and histograms, one prom-client registry per pipeline. Every count
 * the design names (received, deduped, delivered, retried, dead-lettered, backfilled, reconnects,
 * rollovers, gaps) is recorded here, and the same numbers feed the status line and `/metrics`.
 */
export type { Labels } from './labels.js';

export interface Metrics {
  /** Adds `by` (default 1) to a counter. */
  inc(name: string, labels?: Labels, by?: number): void;
  /** Sets a gauge. */
  set(name: string, value: number, labels?: Labels): void;
  /** Records one value in a histogram. */
  observe(name: string, value: number, labels?: Labels): void;
  /** A gauge read when metrics are read (an age that grows by itself), instead of being set. */
  gaugeFrom(name: string, read: () => number, labels?: Labels): void;
  /** A counter's or gauge's value; a histogram's count. 0 for a series never recorded. */
  get(name: string, labels?: Labels): number;
  /** Every series as `name{a="b"}` -> value (histograms as `_count` and `_sum`), for tests and the status line. */
  snapshot(): Record<string, number>;
  /** The prom-client registry behind these metrics: `/metrics` serves `await registry.metrics()`. */
  readonly registry: Registry;
}

interface Family {
  readonly name: string;
  readonly kind: MetricKind;
  readonly labelNames: readonly string[];
  readonly cells: Map<string, Cell>;
  /** Histograms: each series' buckets, which the histogram writes out. */
  readonly series: Map<string, HistogramSeries>;
  readonly metric: Counter | Gauge | CellHistogram;
}

/** One series. Counters and gauges live here and reach prom-client when it collects. */
interface Cell {
  readonly family: Family;
  readonly key: string;
  readonly labels: Labels;
  value: number;
  /** Counters: how much of `value` prom-client has already been given. */
  pushed: number;
  /** Histograms: the series' buckets, sum and count. */
  hist: HistogramSeries | undefined;
  read: (() => number) | undefined;
}

function formatSeriesKey(name: string, labels: Labels | undefined): string {
  if (!labels) return name;
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

const NO_LABELS: Labels = Object.freeze({});

/**
 * Creates the metrics of one pipeline. Hot paths (the source counts every frame, decode every
 * event) pass the same labels object each time, so `inc` finds its series with a WeakMap and a
 * Map lookup and adds to a number: prom-client's own labelled `inc` hashes the labels on every
 * call. Counters and gauges are handed to prom-client when it collects, at each scrape.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const families = new Map<string, Family>();
  const unlabelled = new Map<string, Cell>();
  const byLabels = new WeakMap<Labels, Map<string, Cell>>();

  const familyFor = (name: string, kind: MetricKind, labels: Labels | undefined): Family => {
    const existing = families.get(name);
    if (existing) return existing;
    const spec: MetricSpec = metricCatalogue[name] ?? { kind, help: `${name} (recorded by a plugin)`, labelNames: labels ? Object.keys(labels).sort() : [] };
    const cells = new Map<string, Cell>();
    const series = new Map<string, HistogramSeries>();
    const labelNames = [...spec.labelNames];
    const config = { name, help: spec.help, labelNames, registers: [registry] };
    const metric =
      spec.kind === 'counter'
        ? new Counter({
            ...config,
            collect() {
              for (const cell of cells.values()) {
                const delta = cell.value - cell.pushed;
                // A new series is shown at 0, so every sink appears from the start.
                if (delta > 0 || cell.pushed === 0) this.inc(cell.labels, Math.max(0, delta));
                cell.pushed = cell.value;
              }
            },
          })
        : spec.kind === 'gauge'
          ? new Gauge({
              ...config,
              collect() {
                for (const cell of cells.values()) this.set(cell.labels, cell.read ? cell.read() : cell.value);
              },
            })
          : new CellHistogram({ ...config, buckets: [...(spec.buckets ?? [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])] }, series);
    const family: Family = { name, kind: spec.kind, labelNames, cells, series, metric };
    families.set(name, family);
    return family;
  };

  const cellFor = (name: string, kind: MetricKind, labels: Labels | undefined): Cell => {
    let byName: Map<string, Cell> | undefined = unlabelled;
    if (labels) {
      byName = byLabels.get(labels);
      if (byName === undefined) byLabels.set(labels, (byName = new Map()));
    }
    let cell = byName.get(name);
    if (cell === undefined) {
      const family = familyFor(name, kind, labels);
      const key = formatSeriesKey(name, labels);
      cell = family.cells.get(key);
      if (cell === undefined) {
        for (const label of Object.keys(labels ?? NO_LABELS)) {
          if (!family.labelNames.includes(label)) throw new Error(`metric ${name} has no label "${label}" (its labels: ${family.labelNames.join(', ') || 'none'})`);
        }
        // Every cell has every field from the start: one object shape keeps `inc` monomorphic.
        const hist = family.metric instanceof CellHistogram ? family.metric.newSeries(labels ?? NO_LABELS) : undefined;
        if (hist) family.series.set(key, hist);
        cell = { family, key, labels: labels ?? NO_LABELS, value: 0, pushed: 0, hist, read: undefined };
        family.cells.set(key, cell);
      }
      byName.set(name, cell);
    }
    if (cell.family.kind !== kind) throw new Error(`metric ${name} is a ${cell.family.kind}, not a ${kind}`);
    return cell;
  };

  const peek = (name: string, labels: Labels | undefined): Cell | undefined => families.get(name)?.cells.get(formatSeriesKey(name, labels));

  return {
    registry,
    inc(name, labels, by = 1) {
      cellFor(name, 'counter', labels).value += by;
    },
    set(name, value, labels) {
      cellFor(name, 'gauge', labels).value = value;
    },
    observe(name, value, labels) {
      const cell = cellFor(name, 'histogram', labels);
      (cell.family.metric as CellHistogram).observeInto(cell.hist!, value);
    },
    gaugeFrom(name, read, labels) {
      cellFor(name, 'gauge', labels).read = read;
    },
    get(name, labels) {
      const cell = peek(name, labels);
      if (cell === undefined) return 0;
      return cell.hist ? cell.hist.count : cell.read ? cell.read() : cell.value;
    },
    snapshot() {
      const out: Record<string, number> = {};
      for (const family of families.values()) {
        for (const cell of family.cells.values()) {
          if (family.kind !== 'histogram') out[cell.key] = cell.read ? cell.read() : cell.value;
          else {
            const labels = cell.key.slice(family.name.length);
            out[`${family.name}_count${labels}`] = cell.hist!.count;
            out[`${family.name}_sum${labels}`] = cell.hist!.sum;
          }
        }
      }
      return out;
    },
  };
}

/**
 * Adds prom-client's process and Node.js metrics (resident memory, heap, CPU, event-loop lag, open
 * handles) to a pipeline's registry, once: what `/metrics` needs to show that a slow sink keeps
 * memory bounded. Not done by `createMetrics`, so tests and library users that never scrape pay
 * nothing for it.
 */
export function collectProcessMetrics(metrics: Metrics): void {
  if (metrics.registry.getSingleMetric('process_resident_memory_bytes')) return;
  collectDefaultMetrics({ register: metrics.registry });
}
