import type { GenesysEvent } from '@gcstream/core';

export interface RecordInit {
  queueId: string;
  mediaType?: string;
  period?: 'interval' | 'today';
  start?: number;
  waiting?: number;
  interacting?: number;
  longestWaitMs?: number | null;
  asOf?: number;
  nOffered?: number;
  nAnswered?: number;
  nAbandoned?: number;
  slRatio?: number | null;
  target?: number | null;
  asaMs?: number | null;
  ahtMs?: number | null;
  agents?: Record<string, number>;
}

const T0 = Date.UTC(2026, 5, 1, 9, 30);
let seq = 0;

/** A `gcstream.queues.<id>.metrics` event as the queueMetrics operator emits one (the fields the wallboard reads, and a few it does not). */
export function metricsEvent(init: RecordInit): GenesysEvent {
  const period = init.period ?? 'interval';
  const start = init.start ?? (period === 'today' ? Date.UTC(2026, 5, 1) : T0);
  const nOffered = init.nOffered ?? 10;
  const nAnswered = init.nAnswered ?? 8;
  const nAbandoned = init.nAbandoned ?? 1;
  const body = {
    type: 'queueMetrics',
    queueId: init.queueId,
    mediaType: init.mediaType ?? 'voice',
    period,
    start,
    end: start + (period === 'today' ? 86_400_000 : 1_800_000),
    nOffered,
    nAnswered,
    nAbandoned,
    nShortAbandoned: 0,
    nFlowOut: 0,
    tHandle: { count: nAnswered, sum: nAnswered * 240_000 },
    serviceLevel: { numerator: 7, denominator: 9, ratio: init.slRatio === undefined ? 7 / 9 : init.slRatio, target: init.target === undefined ? 0.8 : init.target, thresholdMs: 20_000 },
    abandonRate: nOffered === 0 ? null : nAbandoned / nOffered,
    answerRate: nOffered === 0 ? null : nAnswered / nOffered,
    asaMs: init.asaMs === undefined ? 12_000 : init.asaMs,
    ahtMs: init.ahtMs === undefined ? 240_000 : init.ahtMs,
    avgWaitMs: 11_000,
    live: {
      waiting: init.waiting ?? 2,
      interacting: init.interacting ?? 3,
      alerting: 0,
      longestWaitMs: init.longestWaitMs === undefined ? 15_000 : init.longestWaitMs,
      agents: init.agents ?? { IDLE: 2, INTERACTING: 3 },
      source: 'derived',
      asOf: init.asOf ?? T0 + 60_000,
    },
  };
  const n = seq++;
  return {
    topicName: `gcstream.queues.${init.queueId}.metrics`,
    version: '2',
    eventBody: body,
    metadata: {},
    topic: 'gcstream.queues.{id}.metrics',
    family: 'unknown',
    ids: [init.queueId],
    eventTime: body.live.asOf,
    receivedAt: 0,
    source: 'websocket',
    key: `queueMetrics:${init.queueId}:${body.mediaType}:${period}:${start}:${n}`,
  };
}
