import { ratio, serviceLevelOf, type Counts } from './counts.js';
import type { QueueLive, QueueMetricsRecord, ServiceLevelSwitches } from './types.js';

export interface QueueRecordInput {
  readonly queueId: string;
  readonly mediaType: string;
  readonly period: 'interval' | 'today';
  readonly start: number;
  readonly end: number;
  readonly counts: Counts;
  /** The service level threshold the counts were made against (Genesys Y), and the target (X) the record shows. */
  readonly thresholdMs: number;
  readonly target: number | null;
  readonly switches: ServiceLevelSwitches;
  readonly live: QueueLive;
}

const stat = (count: number, sum: number) => ({ count, sum });

/** One queue, media type and period as emitted: the counts, and the KPIs as ratios of those counts. */
export function queueRecord(input: QueueRecordInput): QueueMetricsRecord {
  const c = input.counts;
  return {
    type: 'queueMetrics',
    queueId: input.queueId,
    mediaType: input.mediaType,
    period: input.period,
    start: input.start,
    end: input.end,
    nOffered: c.nOffered,
    nAnswered: c.nAnswered,
    nAbandoned: c.nAbandoned,
    nShortAbandoned: c.nShortAbandoned,
    nFlowOut: c.nFlowOut,
    nOverSla: c.nOverSla,
    nTransferred: c.nTransferred,
    tAnswered: stat(c.nAnswered, c.tAnsweredSum),
    tAbandon: stat(c.nAbandoned, c.tAbandonSum),
    tFlowOut: stat(c.nFlowOut, c.tFlowOutSum),
    tWait: stat(c.nWait, c.tWaitSum),
    tHandle: stat(c.nHandle, c.tHandleSum),
    tTalk: stat(c.nTalk, c.tTalkSum),
    tHeld: stat(c.nHeld, c.tHeldSum),
    tAcw: stat(c.nAcw, c.tAcwSum),
    serviceLevel: { ...serviceLevelOf(c, input.switches), target: input.target, thresholdMs: input.thresholdMs },
    abandonRate: ratio(c.nAbandoned, c.nOffered),
    answerRate: ratio(c.nAnswered, c.nOffered),
    asaMs: ratio(c.tAnsweredSum, c.nAnswered),
    ahtMs: ratio(c.tHandleSum, c.nHandle),
    avgWaitMs: ratio(c.tWaitSum, c.nWait),
    live: input.live,
    messaging: {
      sent: c.nMessagesSent,
      delivered: c.nMessagesDelivered,
      deliveredWithin: c.nDeliveredWithin,
      deliveredUntimed: c.nDeliveredUntimed,
      read: c.nMessagesRead,
      readWithin: c.nReadWithin,
      readUntimed: c.nReadUntimed,
      // Of the messages whose receipt time is known or that are not delivered (read) yet.
      deliveredWithinRatio: ratio(c.nDeliveredWithin, c.nMessagesSent - c.nDeliveredUntimed),
      readWithinRatio: ratio(c.nReadWithin, c.nMessagesSent - c.nReadUntimed),
    },
  };
}
