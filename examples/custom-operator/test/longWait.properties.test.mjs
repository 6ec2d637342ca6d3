// Property tests: fast-check streams of realistic conversation traffic, one line per invariant.
import { assertBoundedState, assertConservesCounts, assertIdempotent, assertNeverThrows, assertReorderInsensitive } from '@gcstream/testkit';
import { describe, expect, it } from 'vitest';
import longWait from '../index.mjs';

/** Compare only the flags: every input also passes through unchanged. */
const flags = (event) => (event.topicName.startsWith('gcstream.longWait.') ? event.eventBody : undefined);
const options = { after: '60s', maxOutOfOrderness: '21s' };

describe('longWait properties', () => {
  it('never throws, whatever valid or broken notifications reach it', () => {
    const report = assertNeverThrows(longWait, options);
    expect(report.streams).toBe(100);
  });

  it('is idempotent under duplicates', () => {
    assertIdempotent(longWait, options, { project: flags });
  });

  it('flags the same visits when notifications overtake each other by up to 10 s', () => {
    assertReorderInsensitive(longWait, options, { boundMs: 10_000, project: flags });
  });

  it('passes every notification on (in = out + dead letters)', () => {
    assertConservesCounts(longWait, options);
  });

  it('follows only live conversations over a long day', () => {
    const report = assertBoundedState(longWait, options, { probe: 'gcstream_longwait_conversations', bound: 12, conversations: 300, concurrent: 5 });
    expect(report.events.longest).toBeGreaterThan(200);
  });
});
