import type { AgentState } from './agents.js';
import type { SimEngine } from './engine.js';
import type { Conversation, MediaSession, Participant, Segment } from './conversationRecord.js';
import { emitMetric } from './queueVisits.js';
import type { MediaKind } from './media.js';

/** An agent's part in a conversation: its participant, the media it works on, for which queue media. */
export interface AgentLeg {
  readonly participant: Participant;
  readonly session: MediaSession;
  readonly agent: AgentState;
  /** The media type the queue routed (a callback's dial-out call still counts as callback). */
  readonly kind: MediaKind;
}

const sum = (segments: readonly Segment[], type: string, now: number) =>
  segments.filter((s) => s.type === type).reduce((a, s) => a + ((s.end ?? now) - s.start), 0);

/** The durations `user.end` reports and the agent metrics are made of, from the session's segments. */
export function legDurations(session: MediaSession, now: number): { interactingDurationMs: number; heldDurationMs: number; alertingDurationMs: number } {
  return { interactingDurationMs: sum(session.segments, 'interact', now), heldDurationMs: sum(session.segments, 'hold', now), alertingDurationMs: sum(session.segments, 'alert', now) };
}

/** An offer stopped ringing: answered, rung out (tNotResponding too) or withdrawn. */
export function alertEnded(engine: SimEngine, conversation: Conversation, leg: AgentLeg, rangOut: boolean): void {
  const alert = leg.session.segments.filter((s) => s.type === 'alert').at(-1);
  if (!alert) return;
  const ms = (alert.end ?? engine.now) - alert.start;
  emitMetric(engine, conversation, leg.participant, leg.session, leg.kind, 'tAlert', ms);
  if (rangOut) emitMetric(engine, conversation, leg.participant, leg.session, leg.kind, 'tNotResponding', ms);
}

/**
 * The agent's media has been disconnected: `user.end` with the durations, and the talk, hold and
 * transfer metrics, all from the same numbers.
 */
export function endAgentLeg(
  engine: SimEngine,
  conversation: Conversation,
  leg: AgentLeg,
  disconnectType: 'PEER' | 'CLIENT' | 'TRANSFER' | 'TIMEOUT',
  transfer?: 'blind' | 'consult',
): void {
  const d = legDurations(leg.session, engine.now);
  engine.detail('user.end', conversation, leg.participant, leg.session, { disconnectType, ...d });
  const metric = (name: string, value: number) => emitMetric(engine, conversation, leg.participant, leg.session, leg.kind, name, value);
  if (d.interactingDurationMs > 0 || leg.session.connectedTime !== undefined) {
    metric('tTalk', d.interactingDurationMs);
    metric('tTalkComplete', d.interactingDurationMs);
  }
  if (d.heldDurationMs > 0) {
    metric('tHeld', d.heldDurationMs);
    metric('tHeldComplete', d.heldDurationMs);
  }
  if (transfer) {
    metric('nTransferred', 1);
    metric(transfer === 'blind' ? 'nBlindTransferred' : 'nConsultTransferred', 1);
  }
}

/** After-call work is done: tAcw, and tHandle (talk + hold + ACW), emitted now as Genesys does. */
export function acwEnded(engine: SimEngine, conversation: Conversation, leg: AgentLeg, acwMs: number): void {
  const d = legDurations(leg.session, engine.now);
  const metric = (name: string, value: number) => emitMetric(engine, conversation, leg.participant, leg.session, leg.kind, name, value);
  metric('tAcw', acwMs);
  metric('tHandle', d.interactingDurationMs + d.heldDurationMs + acwMs);
}
