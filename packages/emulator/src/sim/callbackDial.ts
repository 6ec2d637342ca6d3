import type { AgentLeg } from './agentLegs.js';
import type { FlowContext } from './flowContext.js';
import { addSession, connect, disconnect } from './model.js';

/**
 * Callback: the agent previews the request, then dials the customer back on a voice call
 * (`outbound` detail event, `dialing`); the customer answers (`connected`) or not (`timeout`).
 */
export function dialBack(flow: FlowContext, leg: AgentLeg): void {
  const { engine, random } = flow;
  engine.scheduler.after(random.between(1, 5) * flow.timing.ringMs, () => {
    if (flow.ended || flow.leg !== leg) return;
    const now = engine.now;
    const call = addSession(leg.participant, random, { kind: 'voice', state: 'dialing', direction: 'outbound', time: now, segment: { type: 'dialing', queueId: leg.participant.queueId! } });
    const customerCall = addSession(flow.customer, random, { kind: 'voice', state: 'alerting', direction: 'outbound', time: now, segment: { type: 'alert' } });
    call.peerId = customerCall.id;
    engine.publish(flow.conversation);
    engine.detail('outbound', flow.conversation, leg.participant, call, { dnis: flow.conversation.ani, addressTo: flow.conversation.ani });
    engine.scheduler.after(random.between(1, 4) * flow.timing.ringMs, () => {
      if (flow.ended || flow.leg !== leg) return;
      if (random.chance(0.15)) {
        disconnect(flow.customer, customerCall, engine.now, 'timeout');
        return flow.talkEnd();
      }
      connect(leg.participant, call, engine.now);
      connect(flow.customer, customerCall, engine.now);
      flow.leg = { ...leg, session: call };
      engine.publish(flow.conversation);
      flow.startTranscript();
      flow.cancelTalkEnd = engine.scheduler.after(flow.talkDuration('callback'), () => flow.talkEnd());
    });
  });
}
