import type { MediaKind } from './media.js';

/**
 * One analytics metric as Genesys Cloud emits it: a name, a value and the moment it counts
 * (`emitDate`), tagged with the dimensions aggregates group and filter by. Genesys buckets a metric
 * by its emission time, not by the conversation's start, so this is what every analytics answer of
 * the emulator is computed from: the details query's session metrics, the aggregates query and the
 * interval totals in observation notifications.
 */
export interface MetricEmission {
  readonly name: string;
  readonly value: number;
  /** Simulated epoch ms: the metric's `emitDate`. */
  readonly time: number;
  readonly conversationId: string;
  readonly participantId: string;
  readonly sessionId: string;
  readonly mediaType: MediaKind;
  readonly purpose: string;
  readonly queueId?: string;
  readonly userId?: string;
}

/** Metrics that exist only in aggregates: Genesys derives them and never lists them on a session. */
export const AGGREGATE_ONLY_METRICS: ReadonlySet<string> = new Set(['tWait', 'oServiceLevel', 'oServiceTarget']);

/**
 * Every emission of the simulation in time order. Simulated time never goes back, so appending
 * keeps the order and an interval is found by binary search instead of a scan of the whole day.
 */
export class MetricLedger {
  private entries: MetricEmission[] = [];
  private readonly listeners = new Set<(emission: MetricEmission) => void>();

  record(emission: MetricEmission, into: MetricEmission[]): void {
    this.entries.push(emission);
    into.push(emission);
    for (const listener of this.listeners) listener(emission);
  }

  onRecord(listener: (emission: MetricEmission) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Emissions with `from <= time < to`. */
  between(from: number, to: number): MetricEmission[] {
    const start = this.firstAtOrAfter(from);
    const end = this.firstAtOrAfter(to);
    return this.entries.slice(start, end);
  }

  /** Lets go of emissions before `horizon` (retention). */
  prune(horizon: number): void {
    const cut = this.firstAtOrAfter(horizon);
    if (cut > 0) this.entries = this.entries.slice(cut);
  }

  private firstAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.time < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
