import { operatorStages, parseConfigText } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { runTestCase } from './runTestCase.js';

const presence = (correlationId: string, systemPresence = 'Available') => ({
  topicName: 'v2.users.8f1c2d3e-0000-4000-8000-000000000001.presence',
  version: '2',
  eventBody: { source: 'PURECLOUD', presenceDefinition: { id: 'p', systemPresence }, primary: true, modifiedDate: '2026-01-01T14:02:11.000Z' },
  metadata: { CorrelationId: correlationId },
});

const dedupeOnly = operatorStages(parseConfigText('pipeline:\n  - dedupe: {}\nsinks:\n  - console: {}\n', 'p.yaml', { env: {} }).operators);

describe('runTestCase', () => {
  it('passes when the output matches', async () => {
    const result = await runTestCase({ name: 'dupes', input: [presence('a'), presence('a'), presence('b', 'Away')], expect: { count: 2, events: [{ family: 'presence' }, { eventBody: { presenceDefinition: { systemPresence: 'Away' } } }] } }, dedupeOnly);
    expect(result.failures).toEqual([]);
  });

  it('explains every way the output differs', async () => {
    const result = await runTestCase({ name: 'wrong', input: [presence('a'), { frame: 'nope' }], expect: { count: 2, deadLetters: 0, events: [{ family: 'conversation' }] } }, dedupeOnly);
    expect(result.failures).toEqual([
      'expected 2 events, got 1',
      expect.stringMatching(/^expected 0 dead letters, got 1 \(.*not JSON/),
      'events[0].family: expected "conversation", got "presence"',
    ]);
  });

  it('without operators, duplicates pass through', async () => {
    const result = await runTestCase({ name: 'raw', input: [presence('a'), presence('a')], expect: { count: 2 } }, []);
    expect(result.failures).toEqual([]);
  });
});
