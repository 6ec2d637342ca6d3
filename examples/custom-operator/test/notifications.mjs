// Queue-conversation notifications as Genesys Cloud sends them, for the marble tests.
const queueId = 'a0000000-0000-4000-8000-000000000001';
const conversationId = 'c0000000-0000-4000-8000-000000000001';

/** The conversation in the queue since `enteredAt`; `leftAt` when an agent answered it. */
export function queueNotification({ enteredAt, leftAt, correlationId, id = conversationId }) {
  const acd = {
    id: 'd0000000-0000-4000-8000-000000000001',
    purpose: 'acd',
    queueId,
    connectedTime: enteredAt,
    calls: [{ id: 'e1', state: leftAt ? 'disconnected' : 'connected', connectedTime: enteredAt, ...(leftAt ? { disconnectedTime: leftAt, disconnectType: 'transfer' } : {}) }],
  };
  const customer = { id: 'd0000000-0000-4000-8000-000000000000', purpose: 'customer', connectedTime: enteredAt, calls: [{ id: 'e0', state: 'connected', connectedTime: enteredAt }] };
  return { topicName: `v2.routing.queues.${queueId}.conversations`, version: '2', eventBody: { id, participants: [customer, acd] }, metadata: { CorrelationId: correlationId } };
}

export { queueId, conversationId };
