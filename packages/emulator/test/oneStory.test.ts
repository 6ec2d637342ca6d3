import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAggregatesQuery, runAggregatesQuery } from '../src/analytics/aggregatesQuery.js';
import { createContactCenter, createManualClock, type ContactCenterOptions } from '../src/sim/index.js';
import { PROFILE_NAMES, PROFILES } from '../src/server/profiles.js';
import type { ContactCenter, SimNotification } from '../src/sim/types.js';
import {
  countVisits,
  HALF_HOUR,
  lastBodies,
  sum,
  visitsFromConversation,
  visitsFromDetailEvents,
  visitsFromDetails,
  type IntervalCounts,
  type VisitStory,
} from './support/queueStories.js';

type Body = Record<string, any>;
const START = Date.UTC(2026, 2, 9, 8, 0, 0);
const MINUTE = 60_000;

/**
 * Every profile a user can ask for (cold, so that every visit is seen from its start), run long
 * enough to finish at least one 30-minute interval; the default center and a busy one over more seeds.
 * The enterprise profile (1,100 arrivals a minute) plays 5 minutes only, to keep the test short on a
 * shared machine: its totals are checked in aggregates, not yet in a finished observation interval.
 */
const CENTERS: { name: string; options: Partial<ContactCenterOptions>; durationMs: number; seeds: number }[] = [
  { name: 'default', options: {}, durationMs: 3 * 60 * MINUTE, seeds: 4 },
  { name: 'busy', options: { queues: 3, agents: 6, arrivalRatePerMinute: 2 }, durationMs: 90 * MINUTE, seeds: 4 },
  ...PROFILE_NAMES.map((name) => {
    const { queues, agents, arrivalRatePerMinute } = PROFILES[name];
    const durationMs = name === 'small' ? 90 * MINUTE : name === 'enterprise' ? 5 * MINUTE : 35 * MINUTE;
    return { name: `${name} profile`, options: { queues, agents, arrivalRatePerMinute }, durationMs, seeds: name === 'small' ? 3 : 1 };
  }),
];

function run(seed: number, options: Partial<ContactCenterOptions>, durationMs: number) {
  const clock = createManualClock(START);
  const center = createContactCenter({ clock, seed, startTime: START, ...options });
  // Only what the checks read, so the biggest centers fit in memory: each conversation's last
  // queue body, the detail events, and each observation interval's last totals.
  const notifications: SimNotification[] = [];
  const lastBody = new Map<string, SimNotification>();
  center.onNotification((n) => {
    if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName)) lastBody.set(n.conversationId!, n);
    else if (/\.(acd\.start|acd\.end|user\.end|acw)$/.test(n.topicName) || n.topicName.endsWith('.observations')) notifications.push(n);
  });
  center.start();
  clock.advance(durationMs);
  center.stop();
  notifications.push(...lastBody.values());
  return { center, notifications, end: START + durationMs };
}

const strip = (v: VisitStory) => ({ participantId: v.participantId, queueId: v.queueId, mediaType: v.mediaType, entry: v.entry, exit: v.exit, outcome: v.outcome });
const byId = (visits: Iterable<VisitStory>) => new Map([...visits].map((v) => [v.participantId, strip(v)]));

/** Genesys's numbers for one interval, from counts derived out of the stream. */
function expectedMetrics(c: IntervalCounts): Record<string, Record<string, number>> {
  const waits = [...c.answered, ...c.abandoned, ...c.flowOuts];
  const out: Record<string, Record<string, number>> = {};
  if (c.nOffered) out['nOffered'] = { count: c.nOffered };
  if (c.answered.length) out['tAnswered'] = { count: c.answered.length, sum: sum(c.answered) };
  if (c.abandoned.length) out['tAbandon'] = { count: c.abandoned.length, sum: sum(c.abandoned) };
  if (c.flowOuts.length) out['tFlowOut'] = { count: c.flowOuts.length, sum: sum(c.flowOuts) };
  if (waits.length) out['tWait'] = { count: waits.length, sum: sum(waits) };
  if (c.overSla) out['nOverSla'] = { count: c.overSla };
  // Emulator defaults: abandons and short abandons count in the denominator, flow-outs do not.
  const denominator = c.answered.length + c.abandoned.length;
  if (denominator) out['oServiceLevel'] = { numerator: c.answered.length - c.overSla, denominator };
  return out;
}

const QUEUE_METRICS = ['nOffered', 'tAnswered', 'tAbandon', 'tFlowOut', 'tWait', 'nOverSla', 'oServiceLevel'];

function pick(metrics: Body[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const m of metrics) {
    if (!QUEUE_METRICS.includes(m.metric)) continue;
    const s = m.stats;
    out[m.metric] = m.metric === 'oServiceLevel' ? { numerator: s.numerator, denominator: s.denominator } : s.sum === undefined ? { count: s.count } : { count: s.count, sum: s.sum };
  }
  return out;
}

function aggregates(center: ContactCenter, from: number, to: number, groupBy: string[], metrics: string[]): Body[] {
  const parsed = parseAggregatesQuery({ interval: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`, granularity: 'PT30M', groupBy, metrics });
  if (!parsed.ok) throw new Error(parsed.message);
  return (runAggregatesQuery(center, parsed.value).results ?? []) as Body[];
}

function checkOneStory(seed: number, options: Partial<ContactCenterOptions>, durationMs: number): void {
  const { center, notifications, end } = run(seed, options, durationMs);
  // 1. Notifications (derived here), detail events and the details query tell the same story per visit.
  const fromStream = [...lastBodies(notifications).values()].flatMap(visitsFromConversation);
  const fromEvents = visitsFromDetailEvents(notifications);
  const fromDetails = visitsFromDetails(center.detailsQuery({ from: START, to: end + 1 }) as Body[]);
  expect(fromStream.length).toBeGreaterThan(20);
  expect(fromStream.filter((v) => v.exit !== undefined && !v.outcome)).toEqual([]);
  expect(byId(fromEvents.values())).toEqual(byId(fromStream));
  expect(byId(fromDetails.values())).toEqual(byId(fromStream));
  for (const v of fromStream) if (v.outcome === 'ANSWERED') expect(fromEvents.get(v.participantId)!.answeredUserId).toBe(v.answeredUserId);

  // 2. Aggregates per queue, media type and 30 minutes equal the counts derived from the stream.
  const threshold = (queueId: string, mediaType: string) => center.analytics.serviceLevel(queueId, mediaType as never).durationMs;
  const expected = countVisits(fromStream, threshold);
  const actual = new Map<string, Record<string, Record<string, number>>>();
  for (const r of aggregates(center, START, end, ['queueId', 'mediaType'], QUEUE_METRICS)) {
    for (const d of r.data) actual.set(`${r.group.queueId}|${r.group.mediaType}|${Date.parse(d.interval.split('/')[0])}`, pick(d.metrics));
  }
  const expectedMap = new Map([...expected].map(([k, c]) => [k, expectedMetrics(c)]));
  expect(actual).toEqual(expectedMap);

  // 3. The last observation notification of each finished interval carries the same totals.
  const lastTotals = new Map<string, Record<string, Record<string, number>>>();
  for (const n of notifications) {
    const b = n.eventBody as Body;
    if (!n.topicName.endsWith('.observations') || !b.group.mediaType || !b.data[1]) continue;
    const from = Date.parse(b.data[1].interval.split('/')[0]);
    const totals = pick(b.data[1].metrics);
    // An interval with only agent metrics so far (talk, after-call work) has no queue totals to compare.
    if (Object.keys(totals).length > 0) lastTotals.set(`${b.group.queueId}|${b.group.mediaType}|${from}`, totals);
  }
  const finished = (key: string) => Number(key.split('|')[2]) + HALF_HOUR <= end - MINUTE;
  const observed = new Map([...lastTotals].filter(([k]) => finished(k)));
  const wanted = new Map([...expectedMap].filter(([k]) => finished(k)));
  expect(observed).toEqual(wanted);

  // 4. Agents' talk, after-call work and handle time: detail events against aggregates, per queue and interval.
  const handle = new Map<string, { tTalk: number; tAcw: number; tHandle: number }>();
  const at = (queueId: string, time: number) => {
    const key = `${queueId}|${Math.floor(time / HALF_HOUR) * HALF_HOUR}`;
    let h = handle.get(key);
    if (!h) handle.set(key, (h = { tTalk: 0, tAcw: 0, tHandle: 0 }));
    return h;
  };
  const userEnd = new Map<string, Body>();
  for (const n of notifications) {
    const b = n.eventBody as Body;
    if (n.topicName.endsWith('.user.end')) {
      userEnd.set(b.sessionId, b);
      at(b.queueId, b.eventTime).tTalk += b.interactingDurationMs;
    } else if (n.topicName.endsWith('.acw')) {
      const talk = userEnd.get(b.sessionId)!;
      at(b.queueId, b.eventTime).tAcw += b.wrapupDurationMs;
      at(b.queueId, b.eventTime).tHandle += b.wrapupDurationMs + talk.interactingDurationMs + talk.heldDurationMs;
    }
  }
  const handled = new Map<string, { tTalk: number; tAcw: number; tHandle: number }>();
  for (const r of aggregates(center, START, end, ['queueId'], ['tTalk', 'tAcw', 'tHandle'])) {
    for (const d of r.data) {
      const get = (name: string) => d.metrics.find((m: Body) => m.metric === name)?.stats.sum ?? 0;
      handled.set(`${r.group.queueId}|${Date.parse(d.interval.split('/')[0])}`, { tTalk: get('tTalk'), tAcw: get('tAcw'), tHandle: get('tHandle') });
    }
  }
  const nonZero = (m: Map<string, { tTalk: number; tAcw: number; tHandle: number }>) => new Map([...m].filter(([, v]) => v.tTalk + v.tAcw + v.tHandle > 0));
  expect(nonZero(handled)).toEqual(nonZero(handle));
}

describe('one story per conversation: stream, detail events, details query, aggregates and observations agree', () => {
  for (const c of CENTERS) {
    it(`${c.name}: ${c.seeds} seed(s)`, { timeout: 120_000 }, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => checkOneStory(seed, c.options, c.durationMs)),
        { numRuns: c.seeds, seed: 20260309 },
      );
    });
  }
});
