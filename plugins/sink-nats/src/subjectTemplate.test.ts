import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSubjectTemplate, subjectTemplateProblem, toSubjectToken } from './subjectTemplate.js';

describe('subject templates', () => {
  it('turns any value into exactly one valid subject token', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.jsonValue()), (value) => {
        expect(toSubjectToken(value)).toMatch(/^[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it('fills placeholders from event fields, one token each', () => {
    const template = compileSubjectTemplate('gcstream.{family}.{topicName}');
    expect(template.filter).toBe('gcstream.*.*');
    expect(template.subjectOf({ family: 'conversation', topicName: 'v2.routing.queues.q-1.conversations' })).toBe('gcstream.conversation.v2_routing_queues_q-1_conversations');
    expect(template.subjectOf({ family: 'presence' })).toBe('gcstream.presence._');
  });

  it('keeps literal tokens, reads nested paths and mixes literals with placeholders', () => {
    const template = compileSubjectTemplate('cc.queue-{eventBody.queueId}.{ids.0}');
    expect(template.filter).toBe('cc.*.*');
    expect(template.subjectOf({ eventBody: { queueId: 'a b>c' }, ids: ['x*y'] })).toBe('cc.queue-a_b_c.x_y');
  });

  it('makes as many tokens as the template has, whatever the event holds', () => {
    const template = compileSubjectTemplate('a.{family}.{topicName}.{source}');
    fc.assert(
      fc.property(fc.record({ family: fc.string(), topicName: fc.string(), source: fc.anything() }), (event) => {
        const tokens = template.subjectOf(event).split('.');
        expect(tokens).toHaveLength(4);
        for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it('rejects templates with wildcards, spaces, empty tokens or bad placeholders', () => {
    for (const bad of ['a.>', 'a.*', 'a b', 'a..b', '.a', 'a.', 'a.{}', 'a.{x y}', 'a.{b']) expect(subjectTemplateProblem(bad), bad).toBeDefined();
    expect(subjectTemplateProblem('gcstream.{family}.{topicName}')).toBeUndefined();
  });
});
