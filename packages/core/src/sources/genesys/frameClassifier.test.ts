import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyFrame, isQueueConversationFrame, queueIdOfFrame, topicNameOf, topicNameStart } from './frameClassifier.js';

const frame = (topicName: string, body: unknown = {}) => JSON.stringify({ topicName, version: '2', eventBody: body, metadata: { CorrelationId: 'c1' } });

describe('frame classification', () => {
  it('tells heartbeats, pongs and system topics from data without parsing', () => {
    expect(classifyFrame(frame('channel.metadata', { message: 'WebSocket Heartbeat' }))).toBe('liveness');
    expect(classifyFrame(frame('channel.metadata', { message: 'pong' }))).toBe('liveness');
    expect(classifyFrame(frame('v2.system.socket_closing'))).toBe('system');
    expect(classifyFrame(frame('v2.system.no_longer_subscribed.abc'))).toBe('system');
    expect(classifyFrame(frame('v2.routing.queues.q1.conversations'))).toBe('data');
    expect(classifyFrame('not json')).toBe('data');
  });

  it('finds the topic name when it is not the first key or is spaced out', () => {
    const text = '{ "version": "2", "topicName" : "v2.system.socket_closing", "eventBody": {} }';
    expect(topicNameOf(text)).toBe('v2.system.socket_closing');
    expect(classifyFrame(text)).toBe('system');
  });

  it('spots queue conversation frames of every media (where new conversations show up) and nothing else', () => {
    const q = frame('v2.routing.queues.q1.conversations');
    expect(isQueueConversationFrame(q, topicNameStart(q))).toBe(true);
    expect(queueIdOfFrame(q, topicNameStart(q))).toBe('q1');
    for (const media of ['calls', 'chats', 'messages', 'emails', 'callbacks', 'videos']) {
      const perMedia = frame(`v2.routing.queues.q7.conversations.${media}`);
      expect(isQueueConversationFrame(perMedia, topicNameStart(perMedia))).toBe(true);
      expect(queueIdOfFrame(perMedia, topicNameStart(perMedia))).toBe('q7');
    }
    for (const other of ['v2.users.u1.conversations', 'v2.routing.queues.q1.conversationsx', 'v2.routing.queues.q1.users', 'v2.analytics.queues.q1.observations']) {
      const text = frame(other);
      expect(isQueueConversationFrame(text, topicNameStart(text))).toBe(false);
    }
  });

  it('agrees with JSON.parse on any envelope, and never throws on any string', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (topicName, body) => {
        const text = frame(topicName, body);
        const parsed = (JSON.parse(text) as { topicName: string }).topicName;
        if (!topicName.includes('"') && !topicName.includes('\\')) expect(topicNameOf(text)).toBe(parsed);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(['data', 'liveness', 'system']).toContain(classifyFrame(text));
        topicNameOf(text);
      }),
    );
  });
});
