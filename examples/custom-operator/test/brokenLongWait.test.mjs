// Each property helper fails on the broken copy that breaks its invariant, and prints the shrunk
// stream as a `tests:` case that validates against gcstream's own schema.
import { testCaseSchema } from '@gcstream/core';
import { assertBoundedState, assertConservesCounts, assertIdempotent, assertNeverThrows, assertReorderInsensitive, OperatorPropertyError, runStream } from '@gcstream/testkit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import longWait from '../index.mjs';
import { brokenLongWait } from './fixtures/brokenLongWait.mjs';

const flags = (event) => (event.topicName.startsWith('gcstream.longWait.') ? event.eventBody : undefined);
const options = { after: '60s', maxOutOfOrderness: '21s' };

/** Runs the helper, expects it to fail, and returns the printed YAML and the case parsed from it. */
function failure(check) {
  let error;
  try {
    check();
  } catch (e) {
    error = e;
  }
  if (process.env.SHOW_COUNTEREXAMPLES) console.log(error?.message);
  expect(error).toBeInstanceOf(OperatorPropertyError);
  expect(error.message).toContain(error.yaml);
  const [testCase] = parse(error.yaml);
  expect(testCaseSchema.safeParse(testCase).success).toBe(true);
  return { yaml: error.yaml, testCase, message: error.message };
}

describe('a broken copy of longWait fails each property with a shrunk counterexample', () => {
  it('never throws: a transferred conversation makes it throw', () => {
    const { yaml, testCase } = failure(() => assertNeverThrows(brokenLongWait('throws'), options, { seed: 1 }));
    expect(yaml).toMatch(/^# gcstream property "never throws; invalid input becomes dead letters" failed for operator longWait \(broken: throws\)/);
    expect(yaml).toContain('# the operator failed: Error: a conversation is in one queue');
    expect(testCase.name).toBe('longWait (broken: throws) never throws (found by assertNeverThrows)');
    // Shrunk to one conversation: the first notification that shows the second queue.
    expect(new Set(testCase.input.map((i) => i.eventBody.id)).size).toBe(1);
    expect(testCase.input.length).toBeLessThanOrEqual(12);
    expect(yaml).toMatch(/topicName: v2\.routing\.queues\.a0000000-0000-4000-8000-00000000000\d\.conversations/);
    expect(testCase.expect).toEqual({ deadLetters: 0 });
  });

  it('idempotent: a repeated notification flags a visit again', () => {
    const { yaml, testCase } = failure(() => assertIdempotent(brokenLongWait('duplicates'), options, { project: flags, seed: 1 }));
    expect(yaml).toContain('# gcstream property "idempotent under duplicates" failed for operator longWait (broken: duplicates)');
    expect(yaml).toMatch(/compared outputs without duplicates, \d+ with 1 duplicate\(s\)/);
    const correlations = testCase.input.map((i) => i.metadata.CorrelationId);
    expect(new Set(correlations).size).toBe(correlations.length - 1);
  });

  it('reordering: a stale notification overtaking a newer one reopens a visit', () => {
    const { yaml, testCase } = failure(() => assertReorderInsensitive(brokenLongWait('order'), options, { boundMs: 10_000, project: flags, seed: 1 }));
    expect(yaml).toContain('# gcstream property "insensitive to reordering within 10000 ms" failed for operator longWait (broken: order)');
    expect(yaml).toMatch(/\(in order -> reordered\)|# only reordered/);
    expect(new Set(testCase.input.map((i) => i.eventBody.id)).size).toBeLessThanOrEqual(2);
  });

  it('conservation: notifications after the end vanish', () => {
    const { yaml, testCase } = failure(() => assertConservesCounts(brokenLongWait('counts'), options, { seed: 1 }));
    expect(yaml).toMatch(/# (\d+) in, but (\d+) out \+ 0 dead letters = \d+/);
    // The smallest case: a transferred conversation's final notification, sent on both queues' topics.
    const topics = new Set(testCase.input.map((i) => i.topicName));
    expect(topics.size).toBe(2);
    expect(testCase.expect.count).toBe(testCase.input.length);
    // The pasted case fails on the broken copy and passes on the real operator.
    const inputs = testCase.input.map((input, i) => ({ at: Date.UTC(2026, 0, 1) + i, input }));
    expect(runStream(longWait, options, inputs).events).toHaveLength(testCase.expect.count);
    expect(runStream(brokenLongWait('counts'), options, inputs).events.length).toBeLessThan(testCase.expect.count);
  });

  it('bounded state: ended conversations are never forgotten', () => {
    const { yaml, testCase } = failure(() => assertBoundedState(brokenLongWait('state'), options, { probe: 'gcstream_longwait_conversations', bound: 12, conversations: 30, seed: 1, shrinkSteps: 150 }));
    const [, reached, conversations] = yaml.match(/# the state reached (\d+) \(bound 12\) over (\d+) conversations/).map(Number);
    expect(reached).toBeGreaterThan(12);
    expect(new Set(testCase.input.map((i) => i.eventBody.id)).size).toBe(conversations);
    expect(conversations).toBeLessThan(30);
  });
});
