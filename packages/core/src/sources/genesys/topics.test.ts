import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGcsError } from '../../errors/errors.js';
import { combineTopics, expandTemplates, resolveSelection } from './topics.js';

const queues = [
  { id: 'q1', name: 'Sales' },
  { id: 'q2', name: 'Support' },
];

describe('topics', () => {
  it('resolves all, ids and names (case-insensitive), and rejects unknown names', () => {
    expect(resolveSelection('all', queues, 'queue')).toEqual(['q1', 'q2']);
    expect(resolveSelection(['q2', 'sales'], queues, 'queue')).toEqual(['q2', 'q1']);
    try {
      resolveSelection(['Billing'], queues, 'queue');
      expect.unreachable();
    } catch (error) {
      expect(isGcsError(error, 'GCS_CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain('"Billing"');
    }
  });

  it('refuses a name two users share, naming both ids, and takes either by id', () => {
    const users = [
      { id: 'u1', name: 'Ada Moreau' },
      { id: 'u2', name: 'ada moreau' },
    ];
    expect(() => resolveSelection(['Ada Moreau'], users, 'user')).toThrow(/2 users are named "Ada Moreau" \(u1, u2\)/);
    expect(resolveSelection(['u2'], users, 'user')).toEqual(['u2']);
  });

  it('expands queue and user templates, keeps concrete topics, leaves conversation templates for later', () => {
    const out = expandTemplates(
      ['v2.routing.queues.{queueId}.conversations', 'v2.users.{userId}.presence', 'v2.conversations.{conversationId}.transcription', 'v2.users.u1.presence'],
      { queueIds: ['q1', 'q2'], userIds: ['u1'] },
    );
    expect(out).toEqual(['v2.routing.queues.q1.conversations', 'v2.routing.queues.q2.conversations', 'v2.users.u1.presence']);
    expect(() => expandTemplates(['v2.flows.{flowId}'], { queueIds: [], userIds: [] })).toThrow(/\{flowId\}/);
  });

  it('combines a user topics into one subscription when that saves a topic', () => {
    const subs = combineTopics(['v2.users.u1.presence', 'v2.users.u1.routingStatus', 'v2.users.u2.presence', 'v2.routing.queues.q1.conversations']);
    expect(subs).toEqual([
      { id: 'v2.routing.queues.q1.conversations', topics: ['v2.routing.queues.q1.conversations'] },
      { id: 'v2.users.u1?presence&routingStatus', topics: ['v2.users.u1.presence', 'v2.users.u1.routingStatus'] },
      { id: 'v2.users.u2.presence', topics: ['v2.users.u2.presence'] },
    ]);
  });

  it('combining never loses or invents a topic and never makes more subscriptions', () => {
    const topic = fc.oneof(
      fc.tuple(fc.constantFrom('u1', 'u2', 'u3'), fc.constantFrom('presence', 'routingStatus', 'activity', 'conversations')).map(([u, s]) => `v2.users.${u}.${s}`),
      fc.constantFrom('v2.routing.queues.q1.conversations', 'v2.users.u1.conversations.calls', 'v2.detail.events.conversation.c1.acd.start'),
    );
    fc.assert(
      fc.property(fc.uniqueArray(topic, { maxLength: 20 }), (topics) => {
        const subs = combineTopics(topics);
        expect(subs.length).toBeLessThanOrEqual(topics.length);
        expect(subs.flatMap((s) => s.topics).sort()).toEqual([...topics].sort());
        for (const s of subs) expect(s.id.length).toBeLessThanOrEqual(200);
      }),
    );
  });
});
