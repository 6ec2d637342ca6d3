import { alertEnded, endAgentLeg, type AgentLeg } from './agentLegs.js';
import type { FlowContext } from './flowContext.js';
import { addParticipant, addSession, connect, disconnect, openSegment } from './model.js';

/**
 * What an agent does during a voice call or chat besides talking: hold, consult a colleague (who
 * takes over or hangs up), or a blind transfer to another queue.
 */

/** Decides what happens during the interaction besides talking: hold, consult, transfer. */
export function planMidCall(flow: FlowContext, talk: number): void {
  const { engine, random } = flow;
  if (flow.kind !== 'voice' && flow.kind !== 'chat') return;
  const roll = random.next();
  const at = talk * random.between(0.3, 0.6);
  if (roll < 0.07) engine.scheduler.after(at, () => blindTransfer(flow));
  else if (flow.kind === 'voice' && roll < 0.14) engine.scheduler.after(at, () => consult(flow, talk - at));
  else if (flow.kind === 'voice' && roll < 0.3) engine.scheduler.after(at, () => hold(flow, (talk - at) * random.between(0.1, 0.6)));
}

export function hold(flow: FlowContext, durationMs: number, then?: () => void): void {
  const leg = flow.leg;
  if (!leg || leg.session.state !== 'connected' || flow.ended) return;
  const { engine } = flow;
  leg.session.held = true;
  leg.session.startHoldTime = engine.now;
  openSegment(leg.session, 'hold', engine.now, leg.participant.queueId);
  engine.publish(flow.conversation);
  engine.scheduler.after(durationMs, () => {
    if (leg.session.held) {
      leg.session.held = false;
      delete leg.session.startHoldTime;
      openSegment(leg.session, 'interact', engine.now, leg.participant.queueId);
      engine.publish(flow.conversation);
    }
    then?.();
  });
}

/** The agent holds the customer and calls a colleague on the same queue; then hands over or resumes. */
function consult(flow: FlowContext, remainingMs: number): void {
  const leg = flow.leg;
  if (!leg || leg.session.state !== 'connected' || flow.ended) return;
  const { engine, random } = flow;
  const queueId = leg.participant.queueId!;
  const colleague = engine.desk.pick(queueId, [], 'voice', leg.agent.user.id);
  const consultMs = remainingMs * random.between(0.2, 0.6);
  if (!colleague) return hold(flow, consultMs);
  engine.assign(colleague, 'voice');
  const participant = addParticipant(flow.conversation, random, {
    purpose: 'agent',
    name: colleague.user.name,
    address: colleague.user.email,
    userId: colleague.user.id,
    queueId,
    startTime: engine.now,
    wrapupRequired: true,
  });
  const session = addSession(participant, random, { kind: 'voice', state: 'alerting', direction: 'outbound', time: engine.now, segment: { type: 'alert', queueId } });
  session.peerId = leg.session.id;
  const consultLeg: AgentLeg = { participant, session, agent: colleague, kind: leg.kind };
  const hangUp = () => {
    disconnect(participant, session, engine.now, 'client');
    participant.wrapupRequired = false;
    engine.publish(flow.conversation);
    endAgentLeg(engine, flow.conversation, consultLeg, 'CLIENT');
    engine.release(colleague, 'voice');
  };
  hold(flow, consultMs, () => {
    if (session.state === 'alerting') {
      // The colleague did not pick up before the agent gave up: the consult is cancelled.
      alertEnded(engine, flow.conversation, consultLeg, false);
      return hangUp();
    }
    if (flow.ended || session.state !== 'connected') return;
    const handOver = random.chance(0.5);
    if (handOver && flow.leg === leg && leg.session.state === 'connected') {
      disconnect(leg.participant, leg.session, engine.now, 'transfer');
      endAgentLeg(engine, flow.conversation, leg, 'TRANSFER', 'consult');
      flow.leg = consultLeg;
      engine.board.track(participant.id, { queueId, kind: leg.kind, state: 'interacting', since: engine.now, conversationId: flow.conversation.id, sessionId: session.id });
      flow.startAcw(leg);
    } else {
      hangUp();
    }
  });
  engine.detail('user.start', flow.conversation, participant, session);
  engine.scheduler.after(random.between(2_000, 6_000), () => {
    if (flow.ended || session.state !== 'alerting') return;
    connect(participant, session, engine.now);
    alertEnded(engine, flow.conversation, consultLeg, false);
    engine.publish(flow.conversation);
  });
}

/** The agent sends the conversation to another queue serving its media; the agent goes to wrap-up. */
function blindTransfer(flow: FlowContext): void {
  const leg = flow.leg;
  if (!leg || leg.session.state !== 'connected' || flow.ended) return;
  const { engine, random } = flow;
  const current = leg.participant.queueId;
  const targets = engine.config.queues.filter((q) => q.id !== current && q.mediaTypes.includes(flow.kind));
  if (targets.length === 0) return;
  flow.cancelTalkEnd?.();
  disconnect(leg.participant, leg.session, engine.now, 'transfer');
  endAgentLeg(engine, flow.conversation, leg, 'TRANSFER', 'blind');
  flow.leg = undefined;
  flow.startAcw(leg);
  flow.enqueue(random.pick(targets));
}
