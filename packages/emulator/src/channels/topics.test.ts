import { describe, expect, it } from 'vitest';
import { expandTopic } from './topics.js';

const ID = '3b0f6a2e-8c1d-4e55-9a0b-1c2d3e4f5a6b';

describe('expandTopic', () => {
  it.each([
    `v2.routing.queues.${ID}.conversations`,
    `v2.routing.queues.${ID}.conversations.calls`,
    `v2.users.${ID}.conversations.messages`,
    `v2.users.${ID}.presence`,
    `v2.users.${ID}.routingStatus`,
    `v2.users.${ID}.activity`,
    `v2.conversations.${ID}.transcription`,
    `v2.detail.events.conversation.${ID}.acd.end`,
    `v2.detail.events.conversation.${ID}.customer.start`,
    `v2.analytics.queues.${ID}.observations`,
  ])('permits %s as itself', (topic) => {
    expect(expandTopic(topic)).toEqual({ ok: true, concrete: [topic] });
  });

  it('expands a combined topic into its concrete parts', () => {
    expect(expandTopic(`v2.users.${ID}?presence&routingStatus`)).toEqual({
      ok: true,
      concrete: [`v2.users.${ID}.presence`, `v2.users.${ID}.routingStatus`],
    });
  });

  it.each([
    ['', /empty/],
    ['v2.users', /unknown topic/],
    [`v2.users.${ID}.mood`, /unknown topic/],
    [`v2.routing.queues.${ID}.conversations.faxes`, /unknown topic/],
    ['v2..users.x.presence', /malformed/],
    ['v3.users.x.presence', /malformed/],
    ['v2.users.x y.presence', /malformed/],
    ['v2.system.socket_closing', /system topic/],
    [`v2.users.${ID}?presence&`, /malformed combined/],
    [`v2.users.${ID}?presence&mood`, /unknown topic/],
    [`v2.users.${'x'.repeat(200)}.presence`, /200/],
  ])('rejects %j', (topic, reason) => {
    const result = expandTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
