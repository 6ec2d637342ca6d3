import { pino } from 'pino';
import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../metrics/metrics.js';
import type { RestClient } from '../../rest/restClient.js';
import { BackfillRunner } from './backfillRunner.js';
import { ConversationTracker } from './conversationTracker.js';
import { ServerTime } from './serverTime.js';

const HOUR = 3_600_000;

/** A runner whose analytics answers every details query with no conversations, noting each interval asked for. */
function runnerAskedFor(now: number) {
  const intervals: Array<[number, number]> = [];
  const rest: RestClient = {
    async request<T>(_method: string, _path: string, body?: unknown): Promise<T> {
      const [from, to] = (body as { interval: string }).interval.split('/').map((t) => Date.parse(t));
      intervals.push([from!, to!]);
      return { conversations: [], totalHits: 0 } as T;
    },
  };
  const time = new ServerTime(() => now);
  const runner = new BackfillRunner({
    rest,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    time,
    scheduler: asyncScheduler,
    tracker: new ConversationTracker(() => now),
    emit: () => {},
    marginMs: 30_000,
    retentionMs: 7 * 24 * HOUR,
  });
  return { runner, intervals };
}

describe('backfill runner: the seed at start', () => {
  it('looks back an hour from now on a first start', async () => {
    const now = Date.parse('2026-12-02T12:00:00.000Z');
    const { runner, intervals } = runnerAskedFor(now);
    await runner.seed(['q1'], HOUR, undefined);
    expect(Math.min(...intervals.map(([from]) => from))).toBe(now - HOUR);
    expect(Math.max(...intervals.map(([, to]) => to))).toBeGreaterThanOrEqual(now);
  });

  it('resuming after a long downtime, looks at the hour before the last position, not through the downtime', async () => {
    const now = Date.parse('2026-12-02T12:00:00.000Z');
    const resumeFrom = now - 5 * HOUR;
    const { runner, intervals } = runnerAskedFor(now);
    await runner.seed(['q1'], HOUR, resumeFrom);
    expect(Math.min(...intervals.map(([from]) => from))).toBe(resumeFrom - HOUR);
    // what began after the position is the resume gap's own query
    expect(Math.max(...intervals.map(([, to]) => to))).toBeLessThan(resumeFrom + 5 * 60_000);
  });
});
