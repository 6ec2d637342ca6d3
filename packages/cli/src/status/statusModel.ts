import type { Metrics, SourceStatusBase } from '@gcstream/core';

export interface SinkRow {
  readonly name: string;
  readonly delivered: number;
  /** Mean receive-to-delivery time of what this sink delivered since the last sample, in seconds. */
  readonly lagSeconds: number | undefined;
  readonly buffered: number;
  readonly retries: number;
  readonly deadLetters: number;
  readonly connected: boolean;
}

export interface StatusSample {
  readonly eventsIn: number;
  readonly eventsOut: number;
  readonly rateIn: number;
  readonly rateOut: number;
  /** Rates of the last samples, oldest first, for the sparklines. */
  readonly historyIn: readonly number[];
  readonly historyOut: readonly number[];
  readonly sinks: readonly SinkRow[];
  readonly deadLetters: number;
  readonly source?: {
    readonly state: string;
    readonly channelsConnected: number;
    readonly channels: number;
    readonly reconnects: number;
    readonly rollovers: number;
    readonly gaps: number;
    readonly backfilled: number;
    readonly problems: readonly string[];
  };
}

interface GenesysView extends SourceStatusBase {
  readonly channels?: ReadonlyArray<{ readonly connected: boolean }>;
  readonly reconnects?: number;
  readonly rollovers?: number;
  readonly backfilled?: number;
  readonly gaps?: { readonly open: number; readonly closed: number };
  readonly problems?: readonly string[];
}

const HISTORY = 40;
const SINK_SERIES = /^gcstream_sink_delivered_total\{sink="([^"]+)"\}$/;

/**
 * Turns the pipeline's metrics and the source's status into what a status display shows, one
 * sample at a time: rates are the change since the previous sample.
 */
export class StatusModel {
  #last: { at: number; in: number; out: number; lag: Map<string, { sum: number; count: number }> } | undefined;
  readonly #historyIn: number[] = [];
  readonly #historyOut: number[] = [];

  constructor(
    private readonly metrics: Metrics,
    private readonly source: () => SourceStatusBase | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  sample(): StatusSample {
    const snapshot = this.metrics.snapshot();
    const source = this.source() as GenesysView | undefined;
    const at = this.now();
    const eventsIn = source?.framesReceived ?? snapshot.gcstream_source_frames_received_total ?? 0;
    const eventsOut = snapshot.gcstream_pipeline_events_total ?? 0;
    const seconds = this.#last ? Math.max(0.001, (at - this.#last.at) / 1000) : 1;
    const rateIn = this.#last ? Math.max(0, eventsIn - this.#last.in) / seconds : 0;
    const rateOut = this.#last ? Math.max(0, eventsOut - this.#last.out) / seconds : 0;
    push(this.#historyIn, rateIn);
    push(this.#historyOut, rateOut);
    const lag = new Map<string, { sum: number; count: number }>();
    const sinks: SinkRow[] = [];
    for (const [series, delivered] of Object.entries(snapshot)) {
      const name = SINK_SERIES.exec(series)?.[1];
      if (!name) continue;
      const label = `{sink="${name}"}`;
      const now = { sum: snapshot[`gcstream_receive_to_sink_seconds_sum${label}`] ?? 0, count: snapshot[`gcstream_receive_to_sink_seconds_count${label}`] ?? 0 };
      lag.set(name, now);
      const before = this.#last?.lag.get(name) ?? { sum: 0, count: 0 };
      const count = now.count - before.count;
      sinks.push({
        name,
        delivered,
        lagSeconds: count > 0 ? (now.sum - before.sum) / count : undefined,
        buffered: (snapshot[`gcstream_sink_buffered${label}`] ?? 0) + (snapshot[`gcstream_sink_in_flight${label}`] ?? 0),
        retries: snapshot[`gcstream_sink_retries_total${label}`] ?? 0,
        deadLetters: snapshot[`gcstream_sink_dead_lettered_total${label}`] ?? 0,
        connected: snapshot[`gcstream_sink_connected${label}`] === 1,
      });
    }
    this.#last = { at, in: eventsIn, out: eventsOut, lag };
    const deadLetters = Object.entries(snapshot)
      .filter(([series]) => series.startsWith('gcstream_dead_letters_total'))
      .reduce((sum, [, n]) => sum + n, 0);
    return {
      eventsIn,
      eventsOut,
      rateIn,
      rateOut,
      historyIn: [...this.#historyIn],
      historyOut: [...this.#historyOut],
      sinks,
      deadLetters,
      ...(source
        ? {
            source: {
              state: source.state,
              channelsConnected: source.channels?.filter((c) => c.connected).length ?? 0,
              channels: source.channels?.length ?? 0,
              reconnects: source.reconnects ?? 0,
              rollovers: source.rollovers ?? 0,
              gaps: (source.gaps?.open ?? 0) + (source.gaps?.closed ?? 0),
              backfilled: source.backfilled ?? 0,
              problems: source.problems ?? [],
            },
          }
        : {}),
    };
  }
}

function push(history: number[], value: number): void {
  history.push(value);
  if (history.length > HISTORY) history.shift();
}

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of the values, scaled to their own maximum. */
export function sparkline(values: readonly number[], width = 20): string {
  const shown = values.slice(-width);
  const max = Math.max(...shown, 0);
  return shown.map((v) => (max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))])).join('');
}
