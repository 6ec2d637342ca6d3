import type { AnalyticsSettings, ServiceLevel } from './analyticsSettings.js';
import type { MetricEmission } from './metricLedger.js';

/** `{count, sum, min, max}` for t* metrics, `{count}` for n* metrics (`StatisticalSummary`). */
export interface RunningStats {
  count: number;
  sum: number;
  min: number;
  max: number;
}

export type Totals = Map<string, RunningStats>;

export interface AggregateMetric {
  metric: string;
  stats: Record<string, number>;
}

export function accumulate(totals: Totals, emission: MetricEmission): void {
  const s = totals.get(emission.name);
  if (!s) totals.set(emission.name, { count: 1, sum: emission.value, min: emission.value, max: emission.value });
  else {
    s.count++;
    s.sum += emission.value;
    if (emission.value < s.min) s.min = emission.value;
    if (emission.value > s.max) s.max = emission.value;
  }
}

const count = (totals: Totals, name: string) => totals.get(name)?.count ?? 0;

/**
 * Genesys's service level for a group: answered in time over answered + abandoned, with the org's
 * switches for flow-outs, short abandons and abandons (help.mypurecloud.com, "Configure the service
 * level calculation"); the numerator is tAnswered.count − nOverSla.count.
 */
export function serviceLevelStats(totals: Totals, settings: AnalyticsSettings, target?: ServiceLevel): Record<string, number> | undefined {
  const numerator = count(totals, 'tAnswered') - count(totals, 'nOverSla');
  let denominator = count(totals, 'tAnswered');
  if (settings.serviceLevelIncludesAbandons) {
    denominator += count(totals, 'tAbandon');
    if (!settings.serviceLevelIncludesShortAbandons) denominator -= count(totals, 'tShortAbandon');
  }
  if (settings.serviceLevelIncludesFlowOuts) denominator += count(totals, 'tFlowOut');
  if (denominator === 0) return undefined;
  return { ratio: numerator / denominator, numerator, denominator, ...(target ? { target: target.percentage } : {}) };
}

/**
 * The metrics of one group in one interval, as aggregates and observation notifications carry
 * them. Metrics with no emission are left out ("absent means zero", as Genesys answers).
 * `target` is the group's service level when the group is one queue and one media type.
 */
export function aggregateMetrics(totals: Totals, settings: AnalyticsSettings, target?: ServiceLevel, wanted?: ReadonlySet<string>): AggregateMetric[] {
  const metrics: AggregateMetric[] = [];
  const names = [...totals.keys()].sort();
  for (const name of names) {
    if (wanted && !wanted.has(name)) continue;
    const s = totals.get(name)!;
    metrics.push({ metric: name, stats: name.startsWith('n') ? { count: s.count } : { max: s.max, min: s.min, count: s.count, sum: s.sum } });
  }
  if (!wanted || wanted.has('oServiceLevel')) {
    const stats = serviceLevelStats(totals, settings, target);
    if (stats) metrics.push({ metric: 'oServiceLevel', stats });
  }
  if (target && (!wanted || wanted.has('oServiceTarget')) && totals.size > 0) metrics.push({ metric: 'oServiceTarget', stats: { target: target.percentage } });
  return metrics;
}
