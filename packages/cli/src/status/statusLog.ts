import type { GcsLogger, Metrics, SourceStatusBase } from '@gcstream/core';
import { StatusModel } from './statusModel.js';

export const STATUS_LOG_INTERVAL_MS = 30_000;

/**
 * Without a terminal (a service, a container), the panel's content as one log line every 30 s:
 * what a log search or an alert reads. Returns a stop.
 */
export function startStatusLog(logger: GcsLogger, metrics: Metrics, source: () => SourceStatusBase | undefined, intervalMs = STATUS_LOG_INTERVAL_MS): () => void {
  const model = new StatusModel(metrics, source);
  model.sample();
  const timer = setInterval(() => {
    const s = model.sample();
    const sinks = Object.fromEntries(s.sinks.map((k) => [k.name, { delivered: k.delivered, lagSeconds: k.lagSeconds, buffered: k.buffered, retries: k.retries, deadLetters: k.deadLetters, connected: k.connected }]));
    const rates = `${s.rateIn.toFixed(1)}/s in, ${s.rateOut.toFixed(1)}/s out`;
    const channels = s.source ? `, channels ${s.source.channelsConnected}/${s.source.channels}, ${s.source.reconnects} reconnects, ${s.source.gaps} gaps, ${s.source.backfilled} backfilled` : '';
    logger.info({ status: { eventsIn: s.eventsIn, eventsOut: s.eventsOut, rateIn: s.rateIn, rateOut: s.rateOut, deadLetters: s.deadLetters, sinks, source: s.source } }, `status: ${rates}${channels}`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
