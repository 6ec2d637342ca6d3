import type { SimEngine } from './engine.js';
import type { Conversation, MediaSession } from './conversationRecord.js';
import { iso } from './payloadFields.js';
import type { Random } from './random.js';

/**
 * Appends one message to a messaging session. Arrays are replaced, never mutated, so bodies
 * already handed to listeners keep the state they were published with.
 */
export function appendMessage(random: Random, session: MediaSession, time: number, inbound: boolean): Record<string, unknown> {
  const message = {
    messageId: random.uuid(),
    messageTime: iso(time),
    messageStatus: inbound ? 'received' : 'sent',
    messageSegmentCount: 1,
  };
  const list = (session.extra['messages'] as Record<string, unknown>[] | undefined) ?? [];
  session.extra['messages'] = [...list, message];
  return message;
}

function markDelivered(session: MediaSession, messageId: unknown): void {
  const list = (session.extra['messages'] as Record<string, unknown>[] | undefined) ?? [];
  session.extra['messages'] = list.map((m) => (m['messageId'] === messageId ? { ...m, messageStatus: 'delivered' } : m));
}

/**
 * The back-and-forth of a messaging conversation while an agent is connected: customer messages
 * arrive on the customer's session, agent replies go out on the agent's and are delivered a moment
 * later (a second notification with messageStatus `delivered`).
 */
export function digitalExchange(
  engine: SimEngine,
  conversation: Conversation,
  customerSession: MediaSession,
  agentSession: () => MediaSession | undefined,
  durationMs: number,
): void {
  const { random, scheduler } = engine;
  const endAt = scheduler.now + durationMs;
  let agentTurn = true;
  const step = () => {
    const session = agentSession();
    if (!session || session.kind !== 'message' || session.state !== 'connected') return;
    const gap = random.exponential(durationMs / 8) + durationMs / 50;
    if (agentTurn) {
      const message = appendMessage(random, session, scheduler.now, false);
      engine.publish(conversation);
      scheduler.after(Math.min(random.between(500, 4_000), gap / 2), () => {
        if (session.state !== 'connected') return;
        markDelivered(session, message['messageId']);
        engine.publish(conversation);
      });
    } else {
      appendMessage(random, customerSession, scheduler.now, true);
      engine.publish(conversation);
    }
    agentTurn = !agentTurn;
    if (scheduler.now + gap < endAt - durationMs / 50) scheduler.after(gap, step);
  };
  scheduler.after(random.between(0.01, 0.05) * durationMs, step);
}
