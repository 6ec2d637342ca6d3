import { describe, expect, it } from 'vitest';
import { awaitingWrapup, conversationEnded } from '../../model/conversation.js';
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

  // issue 13 (chaos): a callback's agent has the callback and the call it dialled; both media end
  // when the call does and after-call work goes on in one of them. The copy said the agent had
  // left (one session's end became the participant's) with nothing owed, so the conversation
  // counted as over, and no later backfill looked at it again: its wrap-up was lost.
  const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();
  const callbackInAcw = (wrapup?: { end: string; code: string }): AnalyticsConversation => ({
    conversationId: '3f0e8c5a-1111-4c2b-9d7e-000000000002',
    conversationStart: T(0),
    ...(wrapup ? { conversationEnd: wrapup.end } : {}),
    participants: [
      { participantId: 'c', purpose: 'customer', sessions: [{ mediaType: 'callback', sessionId: 'c1', segments: [{ segmentStart: T(0), segmentEnd: T(40), segmentType: 'interact', disconnectType: 'peer' }] }] },
      { participantId: 'q', purpose: 'acd', sessions: [{ mediaType: 'callback', sessionId: 'q1', segments: [{ segmentStart: T(1), segmentEnd: T(10), queueId: 'q2', segmentType: 'delay', disconnectType: 'peer' }] }] },
      {
        participantId: 'a',
        purpose: 'agent',
        userId: 'u1',
        sessions: [
          { mediaType: 'callback', sessionId: 'a1', segments: [{ segmentStart: T(10), segmentEnd: T(40), queueId: 'q2', segmentType: 'interact', disconnectType: 'client' }] },
          {
            mediaType: 'voice',
            sessionId: 'a2',
            direction: 'outbound',
            segments: [
              { segmentStart: T(15), segmentEnd: T(20), queueId: 'q2', segmentType: 'dialing' },
              { segmentStart: T(20), segmentEnd: T(40), queueId: 'q2', segmentType: 'interact', disconnectType: 'client' },
              { segmentStart: T(40), queueId: 'q2', segmentType: 'wrapup', ...(wrapup ? { segmentEnd: wrapup.end, wrapUpCode: wrapup.code } : {}) },
            ],
          },
        ],
      },
    ],
  });
  const bodyOf = (c: AnalyticsConversation) => JSON.parse(backfillFrame(c, 'q2', 1).data).eventBody as { participants: Record<string, unknown>[] };

  it('keeps a conversation open while an agent is in after-call work, even when another of its sessions has ended', () => {
    const body = bodyOf(callbackInAcw());
    const agent = body.participants.find((p) => p.purpose === 'agent')!;
    expect(awaitingWrapup(agent)).toBe(true);
    expect(conversationEnded(body)).toBe(false);
    // as a live snapshot during after-call work: the media ended, the work is pending
    expect(agent).toMatchObject({ startAcwTime: T(40), calls: [{ id: 'a2', state: 'disconnected', disconnectType: 'client', disconnectedTime: T(40), afterCallWork: { state: 'pending', startTime: T(40) } }] });
    expect(agent.endAcwTime).toBeUndefined();
  });

  it('gives the agent no end time while one of its sessions is still live', () => {
    const c = callbackInAcw();
    const agent = c.participants![2]!;
    const talking = { ...c, participants: [c.participants![0]!, c.participants![1]!, { ...agent, sessions: [agent.sessions![0]!, { ...agent.sessions![1]!, segments: [agent.sessions![1]!.segments![0]!, { segmentStart: T(20), queueId: 'q2', segmentType: 'interact' }] }] }] };
    const body = bodyOf(talking);
    expect(body.participants[2]!.endTime).toBeUndefined();
    expect(conversationEnded(body)).toBe(false);
  });

  it('ends the conversation with the wrap-up once the wrap-up segment is closed', () => {
    const body = bodyOf(callbackInAcw({ end: T(70), code: 'w1' }));
    const agent = body.participants.find((p) => p.purpose === 'agent')!;
    expect(conversationEnded(body)).toBe(true);
    expect(agent).toMatchObject({ startAcwTime: T(40), endAcwTime: T(70), wrapup: { code: 'w1', endTime: T(70), durationSeconds: 30 }, endTime: T(40) });
    expect(agent.calls).toMatchObject([{ id: 'a2', state: 'disconnected', afterCallWork: { state: 'complete', startTime: T(40), endTime: T(70) } }]);
  });
});
