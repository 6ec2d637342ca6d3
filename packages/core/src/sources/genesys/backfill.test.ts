import { describe, expect, it } from 'vitest';
import { decodeFrame, isDeadLetter } from '../../operators/decode.js';
import type { AnalyticsConversation } from '../../rest/analytics.js';
import { backfillCorrelationId, backfillFrame, conversationQueue, queuesOfTopics } from './backfill.js';

const conversation = (end?: string): AnalyticsConversation => ({
  conversationId: '3f0e8c5a-1111-4c2b-9d7e-000000000001',
  conversationStart: '2026-01-01T10:00:00.000Z',
  ...(end ? { conversationEnd: end } : {}),
  participants: [
    { participantId: 'p1', purpose: 'customer', sessions: [{ mediaType: 'voice', sessionId: 's1', direction: 'inbound', segments: [{ segmentStart: '2026-01-01T10:00:00.000Z', segmentType: 'interact' }] }] },
    {
      participantId: 'p2',
      purpose: 'acd',
      sessions: [{ mediaType: 'voice', sessionId: 's2', segments: [{ segmentStart: '2026-01-01T10:00:01.000Z', segmentEnd: '2026-01-01T10:00:20.000Z', queueId: 'q2', segmentType: 'delay' }] }],
    },
  ],
});

describe('backfill frames', () => {
  it('synthesizes a queue conversation envelope that decode accepts as a backfill conversation event', () => {
    const frame = backfillFrame(conversation(), 'q2', 1234);
    expect(frame).toMatchObject({ channelId: 'backfill', source: 'backfill', receivedAt: 1234 });
    const envelope = JSON.parse(frame.data);
    expect(envelope.topicName).toBe('v2.routing.queues.q2.conversations');
    expect(envelope.eventBody.participants[0].calls[0]).toMatchObject({ id: 's1', state: 'connected' });
    expect(envelope.eventBody.participants[1].calls[0]).toMatchObject({ id: 's2', state: 'disconnected' });
    const event = decodeFrame(frame);
    expect(isDeadLetter(event)).toBe(false);
    if (!isDeadLetter(event)) {
      expect(event.family).toBe('conversation');
      expect(event.source).toBe('backfill');
      expect(event.metadata.CorrelationId).toBe(backfillCorrelationId(conversation().conversationId, JSON.stringify(envelope.eventBody)));
    }
  });

  it('gives the same conversation in the same state the same CorrelationId, and a new one when any part of it changes', () => {
    const a = JSON.parse(backfillFrame(conversation(), 'q2', 1).data).metadata.CorrelationId;
    const b = JSON.parse(backfillFrame(conversation(), 'q2', 2).data).metadata.CorrelationId;
    const ended = JSON.parse(backfillFrame(conversation('2026-01-01T10:05:00.000Z'), 'q2', 3).data);
    expect(a).toBe(b);
    expect(ended.metadata.CorrelationId).not.toBe(a);
    expect(ended.eventBody.participants[0].calls[0].state).toBe('disconnected');
    const later = conversation();
    const customer = later.participants![0]!;
    const moved = { ...later, participants: [{ ...customer, sessions: [{ ...customer.sessions![0]!, segments: [{ segmentStart: '2026-01-01T10:00:00.000Z', segmentEnd: '2026-01-01T10:01:00.000Z', segmentType: 'interact' }] }] }, later.participants![1]!] };
    expect(JSON.parse(backfillFrame(moved, 'q2', 4).data).metadata.CorrelationId).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('picks the queue among those the gap concerned, and reads queue ids from topics', () => {
    expect(conversationQueue(conversation(), new Set(['q9']))).toBe('q2');
    expect(queuesOfTopics(['v2.routing.queues.q1.conversations', 'v2.users.u1.presence', 'v2.routing.queues.q1.conversations.calls', 'v2.routing.queues.q3.conversations'])).toEqual(['q1', 'q3']);
  });
});
