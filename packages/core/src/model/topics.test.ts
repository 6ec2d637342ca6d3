import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbGenesysEnvelope } from '@gcstream/testkit';
import { classifyTopic, classifyTopicUncached, createTopicClassifier, isUuid } from './topics.js';

const Q = '8f1c7a52-4b1e-4a43-9d0e-3f5b2c6a7d10';
const U = 'b2a4f0c1-5d6e-4f70-8a91-0c2d3e4f5a6b';
const C = 'c0ffee00-1234-4abc-8def-001122334455';

describe('classifyTopic', () => {
  it.each([
    [`v2.routing.queues.${Q}.conversations`, 'v2.routing.queues.{id}.conversations', 'conversation', [Q]],
    [`v2.routing.queues.${Q}.conversations.calls`, 'v2.routing.queues.{id}.conversations.calls', 'conversation', [Q]],
    [`v2.users.${U}.conversations.messages`, 'v2.users.{id}.conversations.messages', 'conversation', [U]],
    [`v2.users.${U}.conversations`, 'v2.users.{id}.conversations', 'conversation', [U]],
    [`v2.conversations.${C}.transcription`, 'v2.conversations.{id}.transcription', 'transcription', [C]],
    [`v2.detail.events.conversation.${C}.acd.start`, 'v2.detail.events.conversation.{id}.acd.start', 'detail', [C]],
    [`v2.detail.events.conversation.${C}.wrapup`, 'v2.detail.events.conversation.{id}.wrapup', 'detail', [C]],
    [`v2.analytics.queues.${Q}.observations`, 'v2.analytics.queues.{id}.observations', 'observation', [Q]],
    [`v2.users.${U}.presence`, 'v2.users.{id}.presence', 'presence', [U]],
    [`v2.users.${U}.routingStatus`, 'v2.users.{id}.routingStatus', 'routing-status', [U]],
    [`v2.users.${U}.activity`, 'v2.users.{id}.activity', 'activity', [U]],
    ['channel.metadata', 'channel.metadata', 'system', []],
    ['v2.system.socket_closing', 'v2.system.socket_closing', 'system', []],
    ['v2.system.no_longer_subscribed.mlb6pqi3a0c1ijs4kvfapb4ij4', 'v2.system.no_longer_subscribed.{id}', 'system', ['mlb6pqi3a0c1ijs4kvfapb4ij4']],
    [`v2.users.${U}.geolocation`, 'v2.users.{id}.geolocation', 'unknown', [U]],
    [`v2.conversations.chats.${C}.messages`, 'v2.conversations.chats.{id}.messages', 'unknown', [C]],
    ['v2.analytics.queues.q-1.observations', 'v2.analytics.queues.{id}.observations', 'observation', ['q-1']],
    ['something.else', 'something.else', 'unknown', []],
    ['', '', 'unknown', []],
  ])('%s -> %s (%s)', (name, topic, family, ids) => {
    expect(classifyTopic(name)).toEqual({ topic, family, ids });
  });

  it('keeps a media word after the id instead of taking it for an id', () => {
    expect(classifyTopic(`v2.users.${U}.conversations.calls`).ids).toEqual([U]);
  });

  it('classifies the topic part of a combined subscription', () => {
    expect(classifyTopic(`v2.users.${U}?presence&routingStatus`)).toEqual({ topic: 'v2.users.{id}', family: 'unknown', ids: [U] });
  });

  it('returns the cached classification for a repeated name', () => {
    const name = `v2.routing.queues.${Q}.conversations`;
    expect(classifyTopic(name)).toBe(classifyTopic(name));
  });

  it('bounds its cache, forgetting the oldest name first', () => {
    const classify = createTopicClassifier(2);
    const a = classify(`v2.users.${U}.presence`);
    classify(`v2.users.${Q}.presence`);
    expect(classify(`v2.users.${U}.presence`)).toBe(a);
    classify(`v2.users.${C}.presence`); // evicts the oldest entry, the first name
    const again = classify(`v2.users.${U}.presence`);
    expect(again).not.toBe(a);
    expect(again).toEqual(a);
  });

  it('does not cache absurdly long names', () => {
    const classify = createTopicClassifier(2);
    const long = `v2.users.${U}.${'x'.repeat(600)}`;
    expect(classify(long)).not.toBe(classify(long));
    expect(classify(long).family).toBe('unknown');
  });

  it('agrees with the uncached classification', () => {
    const name = `v2.detail.events.conversation.${C}.customer.end`;
    expect(classifyTopic(name)).toEqual(classifyTopicUncached(name));
  });
});

describe('classifyTopic properties', () => {
  const rebuild = (topic: string, ids: readonly string[]) => {
    let i = 0;
    return topic.split('.').map((seg) => (seg === '{id}' ? ids[i++] : seg)).join('.');
  };

  it('puts the ids back into the pattern to give the topic name, for any dotted name', () => {
    const segment = fc.oneof(fc.uuid(), fc.constantFrom('v2', 'users', 'queues', 'conversations', 'calls', 'presence', 'routing'), fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 7 }), (segments) => {
        const name = segments.join('.');
        const { topic, ids } = classifyTopicUncached(name);
        expect(rebuild(topic, ids)).toBe(name);
      }),
    );
  });

  it('classifies every generated Genesys topic into a known family with its uuid', () => {
    fc.assert(
      fc.property(arbGenesysEnvelope(), (env) => {
        const { family, ids } = classifyTopic(env.topicName);
        expect(family).not.toBe('unknown');
        expect(ids).toHaveLength(1);
        expect(isUuid(ids[0]!)).toBe(true);
      }),
    );
  });
});

describe('isUuid', () => {
  it('accepts the 8-4-4-4-12 hex form in either case', () => {
    expect(isUuid(Q)).toBe(true);
    expect(isUuid(Q.toUpperCase())).toBe(true);
  });
  it.each(['', 'conversations', `${Q}x`, Q.replace(/-/g, '_'), Q.replace('a', 'g'), `${Q.slice(0, 35)}é`])('rejects %s', (s) => {
    expect(isUuid(s)).toBe(false);
  });
});
