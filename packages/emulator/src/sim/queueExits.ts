import { alertEnded, endAgentLeg } from './agentLegs.js';
import type { FlowContext } from './flowContext.js';
import { addParticipant, addSession, disconnect, isActive } from './model.js';
import { settleVisit } from './queueVisits.js';

/**
 * A customer's patience ran out in the queue. What happens is decided here, once: a caller may
 * hang up (abandon), or the in-queue flow sends the call on (flow-out) to the queue's voicemail,
 * to a callback, or to another queue; a chat customer leaves or is moved to another queue. A
 * customer being alerted to an agent can only hang up.
 */
export function customerGivesUp(flow: FlowContext): void {
  flow.cancelPatience = undefined;
  const visit = flow.visit;
  if (!visit || visit.outcome || flow.ended) return;
  const { engine, random } = flow;
  const leg = flow.leg;
  const alerting = leg !== undefined && leg.session.state === 'alerting';
  if (alerting) {
    disconnect(leg.participant, leg.session, engine.now, 'peer');
    leg.participant.wrapupRequired = false;
    flow.leg = undefined;
    alertEnded(engine, flow.conversation, leg, false);
    endAgentLeg(engine, flow.conversation, leg, 'PEER');
    engine.release(leg.agent, leg.kind);
  } else {
    if (!flow.waiting || !engine.dequeue(flow.waiting)) return;
    flow.waiting = undefined;
  }
  const queue = flow.queue!;
  const others = engine.config.queues.filter((q) => q.id !== queue.id && q.mediaTypes.includes(flow.kind));
  const roll = random.next();
  if (!alerting && flow.kind === 'voice') {
    if (roll < 0.12) return toVoicemail(flow);
    if (roll < 0.22 && queue.mediaTypes.includes('callback')) return toCallback(flow);
    if (roll < 0.3 && others.length > 0) return toQueue(flow, random.pick(others));
  }
  if (!alerting && flow.kind === 'chat' && roll < 0.1 && others.length > 0) return toQueue(flow, random.pick(others));
  abandon(flow);
}

function abandon(flow: FlowContext): void {
  const { engine } = flow;
  const now = engine.now;
  settleVisit(engine, flow.conversation, flow.visit!, { outcome: 'ABANDON' });
  for (const s of flow.customer.sessions) if (isActive(s)) disconnect(flow.customer, s, now, 'endpoint');
  engine.detail('customer.end', flow.conversation, flow.customer, flow.customerSession, { disconnectType: 'ENDPOINT', interactingDurationMs: now - flow.conversation.start });
  finish(flow);
}

/** Clients see the media disconnected, then (nothing being left to do) terminated, as Genesys sends them. */
function finish(flow: FlowContext): void {
  flow.engine.publish(flow.conversation);
  flow.maybeFinish();
  if (flow.ended) flow.engine.publish(flow.conversation);
}

/**
 * The call goes to the queue's voicemail: the ACD participant leaves by transfer the moment
 * voicemail answers, a `voicemail` participant takes the call, and the caller stays connected
 * until done recording.
 */
function toVoicemail(flow: FlowContext): void {
  const { engine, random } = flow;
  const queue = flow.queue!;
  settleVisit(engine, flow.conversation, flow.visit!, { outcome: 'FLOW_OUT', type: 'voicemail' });
  const now = engine.now;
  const participant = addParticipant(flow.conversation, random, { purpose: 'voicemail', name: `${queue.name} Voicemail`, address: queue.name, queueId: queue.id, startTime: now });
  const session = addSession(participant, random, { kind: 'voice', state: 'connected', direction: 'inbound', time: now, segment: { type: 'voicemail', queueId: queue.id } });
  session.peerId = flow.customerSession.id;
  engine.publish(flow.conversation);
  engine.detail('voicemail.start', flow.conversation, participant, session);
  engine.scheduler.after(random.between(0.1, 0.3) * flow.timing.talkMs.voice, () => {
    const end = engine.now;
    for (const s of flow.customer.sessions) if (isActive(s)) disconnect(flow.customer, s, end, 'endpoint');
    disconnect(participant, session, end, 'peer');
    engine.detail('voicemail.end', flow.conversation, participant, session, { disconnectType: 'PEER', voicemailDurationMs: end - now });
    engine.detail('customer.end', flow.conversation, flow.customer, flow.customerSession, { disconnectType: 'ENDPOINT', interactingDurationMs: end - flow.conversation.start });
    finish(flow);
  });
}

/**
 * The caller asks to be called back: the voice visit flows out, the caller hangs up, and a callback
 * for the same number waits in the same queue as a new ACD session of media `callback`.
 */
function toCallback(flow: FlowContext): void {
  const { engine, random } = flow;
  const now = engine.now;
  settleVisit(engine, flow.conversation, flow.visit!, { outcome: 'FLOW_OUT', type: 'callback' });
  const call = flow.customerSession;
  const extra = { callbackNumbers: [flow.conversation.ani], callbackUserName: flow.customer.name, skipEnabled: true, timeoutSeconds: 0 };
  // The callback session exists before the call ends, so the customer never looks gone.
  flow.customerSession = addSession(flow.customer, random, { kind: 'callback', state: 'connected', direction: 'inbound', time: now, extra, segment: { type: 'interact' } });
  disconnect(flow.customer, call, now, 'endpoint');
  engine.detail('customer.end', flow.conversation, flow.customer, call, { disconnectType: 'ENDPOINT', interactingDurationMs: now - flow.conversation.start });
  flow.kind = 'callback';
  flow.conversation.kind = 'callback';
  flow.enqueue(flow.queue!);
}

/** The in-queue flow transfers the waiting conversation to another queue (no agent took it). */
function toQueue(flow: FlowContext, target: Parameters<FlowContext['enqueue']>[0]): void {
  settleVisit(flow.engine, flow.conversation, flow.visit!, { outcome: 'FLOW_OUT', type: 'transfer' });
  flow.enqueue(target);
}
