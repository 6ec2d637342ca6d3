// The testkit's operator harness applied to conversationState then queueMetrics, as a config chains them.
import { describe, expect, it } from 'vitest';
import { assertIdempotent, assertNeverThrows, assertReorderInsensitive, builtinOperator, pipeOperators } from '@gcstream/testkit';
import type { GenesysEvent } from '../../model/events.js';

const chain = (maxOutOfOrderness = '0s') => pipeOperators([builtinOperator('conversationState'), { maxOutOfOrderness }], [builtinOperator('queueMetrics'), { emitInterval: '1s' }]);
/**
 * A queue record without the moment it was computed at (`live.asOf` follows the arrival of the last
 * input). The longest wait is its length as of that moment, so it is compared as the moment the
 * wait began (`asOf - longestWaitMs`): a queue's last record is made at whichever input last changed
 * it, which reordering may move (seed -1810650857, its 15th stream: the same wait was 9,707 ms
 * long in the last record of one order and 14,376 ms in the other's). Talk and hold are compared as
 * their sum for a like reason: a hold ends at the receipt of the notification that shows the call
 * taken off hold (Genesys sends no end time), so a delay in flight moves time between the two
 * (conversationState's merge.ts), never their sum.
 */
type Stat = { count: number; sum: number };
const metrics = (e: GenesysEvent) => {
  if (!e.topicName.endsWith('.metrics')) return undefined;
  const { live, tTalk, tHeld, ...counts } = e.eventBody as { live: { asOf: number; longestWaitMs: number | null }; tTalk: Stat; tHeld: Stat };
  const { asOf, longestWaitMs, ...liveNow } = live;
  return { ...counts, talkAndHeld: { nTalk: tTalk.count, nHeld: tHeld.count, sum: tTalk.sum + tHeld.sum }, live: { ...liveNow, waitingSince: longestWaitMs === null ? null : asOf - longestWaitMs } };
};
const byQueuePeriod = (e: GenesysEvent) => {
  const b = e.eventBody as { queueId: string; mediaType: string; period: string; start: number };
  return `${b.queueId}|${b.mediaType}|${b.period}|${b.start}`;
};

describe('queueMetrics under the operator harness', () => {
  it('never throws on any valid notification', () => {
    expect(assertNeverThrows(chain(), {}).streams).toBe(100);
  });

  // The seed that ran a CI worker out of heap: a stream 34 minutes long, whose 1 s emission timer
  // the harness's virtual clock used to chain 2,000 deep (see the testkit's harnessScheduler.ts).
  it('never throws on the stream of seed 885780305, which outlasts 2,000 emission ticks', () => {
    expect(assertNeverThrows(chain(), {}, { seed: 885780305 }).streams).toBe(100);
  });

  it('is idempotent under duplicates', () => {
    expect(assertIdempotent(chain(), {}, { project: metrics }).streams).toBe(100);
  });

  // This property found that agent counts (per queue) were re-emitted only on the media type whose
  // conversation changed them: a queue's other media records kept a finished agent as INTERACTING.
  it('ends with the same counts and live numbers per queue and interval when notifications overtake each other', () => {
    expect(assertReorderInsensitive(chain('20s'), {}, { boundMs: 10_000, project: metrics, latestBy: byQueuePeriod }).streams).toBe(100);
  });

  it('compares the longest wait by when it began, not by the moment the last record was made (the seed that found it)', () => {
    expect(assertReorderInsensitive(chain('20s'), {}, { boundMs: 10_000, project: metrics, latestBy: byQueuePeriod, seed: -1810650857, numRuns: 20 }).streams).toBe(20);
  });

  it('re-emits every media record of a queue when its agents change (the seed that found it: stream 29 failed)', () => {
    expect(assertReorderInsensitive(chain('20s'), {}, { boundMs: 10_000, project: metrics, latestBy: byQueuePeriod, seed: -1622707879, numRuns: 40 }).streams).toBe(40);
  });
});
