import type { SimEngine } from './engine.js';
import { disconnect, type Conversation, type MediaSession, type Participant } from './model.js';
import type { MediaKind } from './media.js';
import type { AcdOutcome, QueueVisit, VisitDecision } from './conversationRecord.js';

export type { AcdOutcome, FlowOutType, QueueVisit, VisitDecision } from './conversationRecord.js';

/** Records a metric on the ledger and on the conversation (for its session metrics). */
export function emitMetric(
  engine: SimEngine,
  conversation: Conversation,
  participant: Participant,
  session: MediaSession,
  kind: MediaKind,
  name: string,
  value: number,
): void {
  engine.ledger.record(
    {
      name,
      value,
      time: engine.now,
      conversationId: conversation.id,
      participantId: participant.id,
      sessionId: session.id,
      mediaType: kind,
      purpose: participant.purpose,
      ...(participant.queueId ? { queueId: participant.queueId } : {}),
      ...(participant.userId ? { userId: participant.userId } : {}),
    },
    conversation.metrics,
  );
}

export function openVisit(engine: SimEngine, conversation: Conversation, participant: Participant, session: MediaSession, kind: MediaKind): QueueVisit {
  const visit: QueueVisit = { queueId: participant.queueId!, kind, participant, session, start: engine.now };
  conversation.visits.push(visit);
  emitMetric(engine, conversation, participant, session, kind, 'nOffered', 1);
  engine.detail('acd.start', conversation, participant, session);
  engine.board.track(session.id, { queueId: visit.queueId, kind, state: 'waiting', since: visit.start, conversationId: conversation.id, sessionId: session.id });
  return visit;
}

/** ACD media disconnect type per outcome, in the queue notifications' spelling. */
const ACD_DISCONNECT: Record<AcdOutcome, string> = { ANSWERED: 'transfer', ABANDON: 'peer', FLOW_OUT: 'transfer' };

/**
 * Decides the visit's outcome, once: ends the ACD media and emits `acd.end` and the queue metrics
 * (bucketed at this moment, the queue exit, as Genesys emits them).
 */
export function settleVisit(engine: SimEngine, conversation: Conversation, visit: QueueVisit, decision: VisitDecision): void {
  if (visit.outcome) throw new Error(`queue visit ${visit.session.id} already ended ${visit.outcome}; an outcome is decided once`);
  const now = engine.now;
  const waited = now - visit.start;
  visit.end = now;
  visit.outcome = decision.outcome;
  if (decision.outcome === 'FLOW_OUT') visit.flowOutType = decision.type;
  if (decision.outcome === 'ANSWERED') visit.answeredUserId = decision.userId;
  const disconnectType = ACD_DISCONNECT[decision.outcome];
  disconnect(visit.participant, visit.session, now, disconnectType);
  engine.board.track(visit.session.id, undefined);
  const metric = (name: string, value: number) => emitMetric(engine, conversation, visit.participant, visit.session, visit.kind, name, value);
  metric('tAcd', waited);
  metric('tWait', waited);
  if (decision.outcome === 'ANSWERED') {
    metric('tAnswered', waited);
    if (waited > engine.analytics.serviceLevel(visit.queueId, visit.kind).durationMs) metric('nOverSla', 1);
  } else if (decision.outcome === 'ABANDON') {
    metric('tAbandon', waited);
    if (waited < engine.analytics.shortAbandonMs) metric('tShortAbandon', waited);
  } else {
    metric('tFlowOut', waited);
  }
  engine.detail('acd.end', conversation, visit.participant, visit.session, {
    disconnectType: disconnectType.toUpperCase(),
    acdOutcome: decision.outcome,
    ...(decision.outcome === 'ANSWERED' ? { answeredUserId: decision.userId } : {}),
    connectedDurationMs: waited,
    requestedRoutings: ['STANDARD'],
    ...(decision.outcome === 'ANSWERED' ? { usedRouting: 'STANDARD' } : {}),
  });
}
