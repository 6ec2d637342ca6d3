import type { AgentHandle, AgentMessage, QueueVisit } from '../conversationState/types.js';
import type { ServiceLevelSetting, ServiceLevelSwitches } from './types.js';

/**
 * The numerators and denominators of one queue, media type and period. Everything is a count or
 * a sum, so periods add up ("today" is the sum of its intervals) and a contribution can be taken
 * back exactly when a conversation's record changes its mind (a derived outcome corrected by
 * `acd.end`).
 */
export interface Counts {
  nOffered: number;
  nAnswered: number;
  tAnsweredSum: number;
  nOverSla: number;
  nAbandoned: number;
  tAbandonSum: number;
  nShortAbandoned: number;
  nFlowOut: number;
  tFlowOutSum: number;
  nWait: number;
  tWaitSum: number;
  nHandle: number;
  tHandleSum: number;
  tTalkSum: number;
  nTalk: number;
  tHeldSum: number;
  nHeld: number;
  tAcwSum: number;
  nAcw: number;
  nTransferred: number;
  nMessagesSent: number;
  nMessagesDelivered: number;
  nDeliveredWithin: number;
  /** Delivered at a time not known (first seen in a backfill): out of the delivered-within ratio. */
  nDeliveredUntimed: number;
  nMessagesRead: number;
  nReadWithin: number;
  nReadUntimed: number;
}

export const emptyCounts = (): Counts => ({
  nOffered: 0,
  nAnswered: 0,
  tAnsweredSum: 0,
  nOverSla: 0,
  nAbandoned: 0,
  tAbandonSum: 0,
  nShortAbandoned: 0,
  nFlowOut: 0,
  tFlowOutSum: 0,
  nWait: 0,
  tWaitSum: 0,
  nHandle: 0,
  tHandleSum: 0,
  tTalkSum: 0,
  nTalk: 0,
  tHeldSum: 0,
  nHeld: 0,
  tAcwSum: 0,
  nAcw: 0,
  nTransferred: 0,
  nMessagesSent: 0,
  nMessagesDelivered: 0,
  nDeliveredWithin: 0,
  nDeliveredUntimed: 0,
  nMessagesRead: 0,
  nReadWithin: 0,
  nReadUntimed: 0,
});

/** Counts as a checkpoint brought them back: one saved before a count existed has it at 0. */
export const restoredCounts = (saved: Counts): Counts => ({ ...emptyCounts(), ...saved });

/**
 * Field by field, by name: a loop over the delta's keys wrote through computed keys, a slow
 * lookup on every one, and this runs four times for each moment a record changes.
 */
export function addCounts(into: Counts, delta: Partial<Counts>, sign: 1 | -1): void {
  if (delta.nOffered !== undefined) into.nOffered += sign * delta.nOffered;
  if (delta.nAnswered !== undefined) into.nAnswered += sign * delta.nAnswered;
  if (delta.tAnsweredSum !== undefined) into.tAnsweredSum += sign * delta.tAnsweredSum;
  if (delta.nOverSla !== undefined) into.nOverSla += sign * delta.nOverSla;
  if (delta.nAbandoned !== undefined) into.nAbandoned += sign * delta.nAbandoned;
  if (delta.tAbandonSum !== undefined) into.tAbandonSum += sign * delta.tAbandonSum;
  if (delta.nShortAbandoned !== undefined) into.nShortAbandoned += sign * delta.nShortAbandoned;
  if (delta.nFlowOut !== undefined) into.nFlowOut += sign * delta.nFlowOut;
  if (delta.tFlowOutSum !== undefined) into.tFlowOutSum += sign * delta.tFlowOutSum;
  if (delta.nWait !== undefined) into.nWait += sign * delta.nWait;
  if (delta.tWaitSum !== undefined) into.tWaitSum += sign * delta.tWaitSum;
  if (delta.nHandle !== undefined) into.nHandle += sign * delta.nHandle;
  if (delta.tHandleSum !== undefined) into.tHandleSum += sign * delta.tHandleSum;
  if (delta.tTalkSum !== undefined) into.tTalkSum += sign * delta.tTalkSum;
  if (delta.nTalk !== undefined) into.nTalk += sign * delta.nTalk;
  if (delta.tHeldSum !== undefined) into.tHeldSum += sign * delta.tHeldSum;
  if (delta.nHeld !== undefined) into.nHeld += sign * delta.nHeld;
  if (delta.tAcwSum !== undefined) into.tAcwSum += sign * delta.tAcwSum;
  if (delta.nAcw !== undefined) into.nAcw += sign * delta.nAcw;
  if (delta.nTransferred !== undefined) into.nTransferred += sign * delta.nTransferred;
  if (delta.nMessagesSent !== undefined) into.nMessagesSent += sign * delta.nMessagesSent;
  if (delta.nMessagesDelivered !== undefined) into.nMessagesDelivered += sign * delta.nMessagesDelivered;
  if (delta.nDeliveredWithin !== undefined) into.nDeliveredWithin += sign * delta.nDeliveredWithin;
  if (delta.nDeliveredUntimed !== undefined) into.nDeliveredUntimed += sign * delta.nDeliveredUntimed;
  if (delta.nMessagesRead !== undefined) into.nMessagesRead += sign * delta.nMessagesRead;
  if (delta.nReadWithin !== undefined) into.nReadWithin += sign * delta.nReadWithin;
  if (delta.nReadUntimed !== undefined) into.nReadUntimed += sign * delta.nReadUntimed;
}

/** One of a visit's three moments, with the time Genesys buckets its metrics by. */
export interface Contribution {
  readonly at: number;
  readonly delta: Partial<Counts>;
}

export interface ContributionRules {
  readonly serviceLevel: ServiceLevelSetting;
  readonly shortAbandonThreshold: number;
  readonly boundary: 'inclusive' | 'exclusive';
}

/**
 * What a queue visit adds, per moment: nOffered at entry; the outcome (tAnswered and nOverSla, or
 * tAbandon, or tFlowOut, and tWait) at exit. Handle time is counted per agent (`handleContribution`).
 */
export function visitContributions(visit: QueueVisit, rules: ContributionRules): { offered?: Contribution; outcome?: Contribution } {
  const out: { offered?: Contribution; outcome?: Contribution } = {};
  if (visit.enteredAt !== undefined) out.offered = { at: visit.enteredAt, delta: { nOffered: 1 } };
  const wait = visit.tWait;
  if (visit.outcome === 'answered' && visit.answeredAt !== undefined && visit.tAnswered !== undefined) {
    const y = rules.serviceLevel.durationMs;
    const over = rules.boundary === 'inclusive' ? visit.tAnswered > y : visit.tAnswered >= y;
    out.outcome = { at: visit.answeredAt, delta: { nAnswered: 1, tAnsweredSum: visit.tAnswered, nOverSla: over ? 1 : 0, nWait: wait === undefined ? 0 : 1, tWaitSum: wait ?? 0 } };
  } else if (visit.outcome === 'abandoned' && visit.exitedAt !== undefined && visit.tAbandon !== undefined) {
    const short = visit.tAbandon < rules.shortAbandonThreshold ? 1 : 0;
    out.outcome = { at: visit.exitedAt, delta: { nAbandoned: 1, tAbandonSum: visit.tAbandon, nShortAbandoned: short, nWait: wait === undefined ? 0 : 1, tWaitSum: wait ?? 0 } };
  } else if (visit.outcome === 'flowOut' && visit.exitedAt !== undefined && visit.tFlowOut !== undefined) {
    out.outcome = { at: visit.exitedAt, delta: { nFlowOut: 1, tFlowOutSum: visit.tFlowOut, nWait: wait === undefined ? 0 : 1, tWaitSum: wait ?? 0 } };
  }
  return out;
}

/**
 * Genesys's service level: (answered − answered over the threshold) / (answered + abandoned
 * [+ flow-outs] [− short abandons] [− abandons]), by the org's switches.
 */
export function serviceLevelOf(c: Counts, switches: ServiceLevelSwitches): { numerator: number; denominator: number; ratio: number | null } {
  const numerator = c.nAnswered - c.nOverSla;
  let denominator = c.nAnswered + c.nAbandoned;
  if (switches.includeFlowOuts === true) denominator += c.nFlowOut;
  // With abandons left out, short abandons are already out: subtract them once.
  if (switches.includeAbandons === false) denominator -= c.nAbandoned;
  else if (switches.includeShortAbandons === false) denominator -= c.nShortAbandoned;
  return { numerator, denominator, ratio: denominator > 0 ? numerator / denominator : null };
}

export const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** What one agent's handling adds when it ended: tHandle and its parts, and a transfer out. */
export function handleContribution(h: AgentHandle): Contribution {
  return {
    at: h.handledAt,
    delta: {
      nHandle: 1,
      tHandleSum: h.tHandle,
      nTalk: h.tTalk === undefined ? 0 : 1,
      tTalkSum: h.tTalk ?? 0,
      nHeld: h.tHeld ? 1 : 0,
      tHeldSum: h.tHeld ?? 0,
      nAcw: h.tAcw === undefined ? 0 : 1,
      tAcwSum: h.tAcw ?? 0,
      nTransferred: h.nTransferred,
    },
  };
}

/**
 * An agent's message, counted when sent: delivered and read, and whether within the thresholds.
 * A receipt whose time is not known (first seen in a backfill) is counted delivered (read), but
 * neither within nor late: the ratios leave it out of numerator and denominator.
 */
export function messageContribution(m: AgentMessage, deliveredWithin: number, readWithin: number): Contribution {
  const delivered = m.delivered || m.deliveredSeenAt !== undefined;
  const read = m.read || m.readSeenAt !== undefined;
  return {
    at: m.sentAt,
    delta: {
      nMessagesSent: 1,
      nMessagesDelivered: delivered ? 1 : 0,
      nDeliveredWithin: m.deliveredSeenAt !== undefined && m.deliveredSeenAt - m.sentAt <= deliveredWithin ? 1 : 0,
      nDeliveredUntimed: delivered && m.deliveredSeenAt === undefined ? 1 : 0,
      nMessagesRead: read ? 1 : 0,
      nReadWithin: m.readSeenAt !== undefined && m.readSeenAt - m.sentAt <= readWithin ? 1 : 0,
      nReadUntimed: read && m.readSeenAt === undefined ? 1 : 0,
    },
  };
}
