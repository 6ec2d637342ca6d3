// The testkit's operator harness applied to conversationState then queueMetrics, as a config chains them.
import { describe, expect, it } from 'vitest';
import { assertIdempotent, assertNeverThrows, assertReorderInsensitive, builtinOperator, pipeOperators } from '@gcstream/testkit';
import type { GenesysEvent } from '../../model/events.js';

const chain = (maxOutOfOrderness = '0s') => pipeOperators([builtinOperator('conversationState'), { maxOutOfOrderness }], [builtinOperator('queueMetrics'), { emitInterval: '1s' }]);
const metrics = (e: GenesysEvent) => {
  if (!e.topicName.endsWith('.metrics')) return undefined;
  const { live: _live, ...counts } = e.eventBody as Record<string, unknown>;
  return counts;
};
const byQueuePeriod = (e: GenesysEvent) => {
  const b = e.eventBody as { queueId: string; mediaType: string; period: string; start: number };
  return `${b.queueId}|${b.mediaType}|${b.period}|${b.start}`;
};

describe('queueMetrics under the operator harness', () => {
  it('never throws on any valid notification', () => {
    expect(assertNeverThrows(chain(), {}).streams).toBe(100);
  });

  it('is idempotent under duplicates', () => {
    expect(assertIdempotent(chain(), {}, { project: metrics }).streams).toBe(100);
  });

  it('ends with the same counts per queue and interval when notifications overtake each other', () => {
    expect(assertReorderInsensitive(chain('20s'), {}, { boundMs: 10_000, project: metrics, latestBy: byQueuePeriod }).streams).toBe(100);
  });
});
