import type { BreachThresholds, QueueBreach, QueueMetricsRecord } from './types.js';

type Metric = keyof BreachThresholds;

/** The value a record shows for a breach metric, and whether it is over (or under) its threshold. */
function check(metric: Metric, record: QueueMetricsRecord, threshold: number): { value: number; breached: boolean } | undefined {
  switch (metric) {
    case 'serviceLevelBelow':
      return record.serviceLevel.ratio === null ? undefined : { value: record.serviceLevel.ratio, breached: record.serviceLevel.ratio < threshold };
    case 'abandonRateAbove':
      return record.abandonRate === null ? undefined : { value: record.abandonRate, breached: record.abandonRate > threshold };
    case 'asaAbove':
      return record.asaMs === null ? undefined : { value: record.asaMs, breached: record.asaMs > threshold };
    case 'longestWaitAbove':
      return { value: record.live.longestWaitMs ?? 0, breached: (record.live.longestWaitMs ?? 0) > threshold };
    case 'waitingAbove':
      return { value: record.live.waiting, breached: record.live.waiting > threshold };
  }
}

const METRICS: readonly Metric[] = ['serviceLevelBelow', 'abandonRateAbove', 'asaAbove', 'longestWaitAbove', 'waitingAbove'];

/** Breach checks of queue records, each crossing reported once. */
export interface BreachTracker {
  /** The breaches and recoveries `record` shows. */
  (record: QueueMetricsRecord): QueueBreach[];
  /** Whether the queue|media key is in breach of `longestWaitAbove` now. */
  longestWaitBreached(qm: string): boolean;
}

/**
 * Edge-triggered threshold checks: one `breach` event when a metric crosses its threshold, one
 * `recovered` when it comes back, so a webhook alerts once rather than on every update.
 */
export function breachTracker(thresholds: BreachThresholds | undefined): BreachTracker {
  const state = new Map<string, boolean>();
  const tracker = (record: QueueMetricsRecord): QueueBreach[] => {
    const out: QueueBreach[] = [];
    for (const metric of METRICS) {
      const threshold = metric === 'serviceLevelBelow' ? (thresholds?.serviceLevelBelow ?? (thresholds === undefined ? undefined : (record.serviceLevel.target ?? undefined))) : thresholds?.[metric];
      if (threshold === undefined) continue;
      const result = check(metric, record, threshold);
      if (result === undefined) continue;
      const key = `${record.queueId}|${record.mediaType}|${metric}`;
      const was = state.get(key) ?? false;
      if (result.breached === was) continue;
      state.set(key, result.breached);
      out.push({ type: 'queueBreach', state: result.breached ? 'breach' : 'recovered', queueId: record.queueId, mediaType: record.mediaType, metric, value: result.value, threshold, intervalStart: record.start, at: record.live.asOf });
    }
    return out;
  };
  return Object.assign(tracker, { longestWaitBreached: (qm: string) => state.get(`${qm}|longestWaitAbove`) === true });
}
