import { describe, expect, it } from 'vitest';
import { ChannelPool } from './channelPool.js';
import { conversationEnded } from '../../model/conversation.js';
import { TranscriptionTopics } from './transcriptionTopics.js';

const frame = (id: string, states: string[]) =>
  JSON.stringify({
    topicName: 'v2.routing.queues.q1.conversations',
    version: '2',
    eventBody: { id, participants: states.map((state, i) => ({ id: `p${i}`, calls: [{ state }] })) },
    metadata: { CorrelationId: `${id}-${states.join()}` },
  });

describe('TranscriptionTopics', () => {
  it('subscribes a conversation transcription when it appears and drops it when it ends, once', () => {
    const pool = ChannelPool.plan(['v2.routing.queues.q1.conversations']);
    const topics = new TranscriptionTopics(['v2.conversations.{conversationId}.transcription'], pool);
    expect(topics.observe(frame('c1', ['alerting'])).changed).toEqual(new Set([0]));
    expect(pool.has('v2.conversations.c1.transcription')).toBe(true);
    expect(topics.observe(frame('c1', ['connected', 'connected'])).changed.size).toBe(0);
    expect(topics.observe(frame('c1', ['disconnected', 'terminated'])).changed).toEqual(new Set([0]));
    expect(pool.has('v2.conversations.c1.transcription')).toBe(false);
    // a late duplicate from an overlapping channel must not bring it back
    expect(topics.observe(frame('c1', ['connected'])).changed.size).toBe(0);
    expect(pool.allTopics()).toEqual(['v2.routing.queues.q1.conversations']);
    expect(topics.observe('not json').changed.size).toBe(0);
  });

  it('never subscribes a conversation whose end arrived before its earlier frames', () => {
    const pool = ChannelPool.plan(['v2.routing.queues.q1.conversations']);
    const topics = new TranscriptionTopics(['v2.conversations.{conversationId}.transcription'], pool);
    // Reordered (or its first frames missed): the end comes first, then a frame from before it.
    expect(topics.observe(frame('c2', ['disconnected', 'terminated'])).changed.size).toBe(0);
    expect(topics.observe(frame('c2', ['connected', 'connected'])).changed.size).toBe(0);
    expect(pool.has('v2.conversations.c2.transcription')).toBe(false);
  });

  it('decides a conversation ended from media states or participant end times', () => {
    expect(conversationEnded({ participants: [] })).toBe(false);
    expect(conversationEnded({ participants: [{ endTime: 'x' }, { chats: [{ state: 'disconnected' }] }] })).toBe(true);
    expect(conversationEnded({ participants: [{ endTime: 'x' }, { chats: [{ state: 'connected' }] }] })).toBe(false);
  });
});
