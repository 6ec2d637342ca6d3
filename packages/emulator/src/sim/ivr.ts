import type { FlowContext } from './flowContext.js';
import { addParticipant, addSession, disconnect } from './model.js';
import type { ResolvedQueue } from './resolveOptions.js';

/**
 * A call's way in: the inbound flow in front of the queue answers (an `ivr` participant,
 * `flow.start`), learns the caller's intent and language (`attributes`), and transfers the call to
 * ACD (`flow.end` TRANSFER); `then` queues it.
 */
export function runIvr(flow: FlowContext, queue: ResolvedQueue, then: () => void): void {
  const { engine, random } = flow;
  const ivr = addParticipant(flow.conversation, random, { purpose: 'ivr', name: 'Main IVR', address: flow.conversation.dnis, startTime: engine.now });
  const session = addSession(ivr, random, { kind: 'voice', state: 'connected', direction: 'inbound', time: engine.now, segment: { type: 'ivr' } });
  const flowId = queue.flowId;
  engine.publish(flow.conversation);
  engine.detail('flow.start', flow.conversation, ivr, session, { flowId, flowType: 'INBOUNDCALL', flowVersion: '1.0' });
  engine.scheduler.after(random.between(0.5, 1.5) * flow.timing.ivrMs, () => {
    if (flow.ended) return;
    const start = session.connectedTime ?? engine.now;
    disconnect(ivr, session, engine.now, 'transfer');
    const intent = random.pick(['billing', 'sales', 'support', 'cancel']);
    flow.customer.attributes['ivr.intent'] = intent;
    flow.customer.attributes['ivr.language'] = flow.conversation.language;
    engine.detail('flow.end', flow.conversation, ivr, session, {
      disconnectType: 'TRANSFER',
      flowId,
      flowType: 'INBOUNDCALL',
      flowVersion: '1.0',
      connectedDurationMs: engine.now - start,
      exitReason: 'TRANSFER',
      transferType: 'ACD',
    });
    engine.emit(
      `v2.detail.events.conversation.${flow.conversation.id}.attributes`,
      { eventTime: engine.now, conversationId: flow.conversation.id, participantId: flow.customer.id, attributes: { ...flow.customer.attributes } },
      flow.conversation.id,
    );
    then();
  });
}
