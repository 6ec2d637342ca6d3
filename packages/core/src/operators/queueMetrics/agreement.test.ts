/**
 * Agreement with Genesys's own numbers: the emulator's simulated contact center emits the
 * notifications Genesys Cloud would send, and keeps a ledger of every analytics metric emission
 * from which it answers `conversations/aggregates/query`. Decoding the notifications and running
 * conversationState and queueMetrics must give, per queue, media type and 30-minute interval,
 * the same counts (and durations within a second) as that ledger.
 */
import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { createContactCenter, createManualClock } from '@gcstream/emulator';
import type { GenesysEvent, RawFrame } from '../../model/events.js';
import { decode } from '../decode.js';
import { conversationState } from '../conversationState/conversationState.js';
import { queueMetrics } from './queueMetrics.js';
import type { QueueMetricsRecord } from './types.js';

const START = Date.UTC(2026, 5, 1, 9);
const HALF_HOUR = 1_800_000;

interface Row {
  nOffered: number;
  nAnswered: number;
  nAbandoned: number;
  nFlowOut: number;
  nOverSla: number;
  slNumerator: number;
  slDenominator: number;
  nHandle: number;
  tAnsweredSum: number;
  tHandleSum: number;
}

function simulate(seed: number, hours: number) {
  const clock = createManualClock(START);
  const cc = createContactCenter({ clock, seed, startTime: START, queues: 3, agents: 10, arrivalRatePerMinute: 1.2 });
  const frames: RawFrame[] = [];
  cc.onNotification((n) => frames.push({ data: JSON.stringify({ topicName: n.topicName, version: '2', eventBody: n.eventBody, metadata: { CorrelationId: `${frames.length}` } }), channelId: 'c', receivedAt: n.time }));
  cc.start();
  clock.advance(hours * 3_600_000);
  cc.stop();
  return { cc, frames, end: START + hours * 3_600_000 };
}

/** The emulator's aggregates for one interval, per queue|media. */
function truth(cc: ReturnType<typeof simulate>['cc'], from: number, to: number): Map<string, Row> {
  const rows = new Map<string, Row>();
  const row = (k: string) => rows.get(k) ?? (rows.set(k, { nOffered: 0, nAnswered: 0, nAbandoned: 0, nFlowOut: 0, nOverSla: 0, slNumerator: 0, slDenominator: 0, nHandle: 0, tAnsweredSum: 0, tHandleSum: 0 }), rows.get(k)!);
  let shortAbandons = new Map<string, number>();
  for (const e of cc.metricEmissions(from, to)) {
    if (e.queueId === undefined) continue;
    const r = row(`${e.queueId}|${e.mediaType}`);
    if (e.name === 'nOffered') r.nOffered++;
    if (e.name === 'tAnswered') (r.nAnswered++, (r.tAnsweredSum += e.value));
    if (e.name === 'tAbandon') r.nAbandoned++;
    if (e.name === 'tShortAbandon') shortAbandons.set(`${e.queueId}|${e.mediaType}`, (shortAbandons.get(`${e.queueId}|${e.mediaType}`) ?? 0) + 1);
    if (e.name === 'tFlowOut') r.nFlowOut++;
    if (e.name === 'nOverSla') r.nOverSla++;
    if (e.name === 'tHandle') (r.nHandle++, (r.tHandleSum += e.value));
  }
  const s = cc.analytics;
  for (const [k, r] of rows) {
    r.slNumerator = r.nAnswered - r.nOverSla;
    r.slDenominator = r.nAnswered + (s.serviceLevelIncludesAbandons ? r.nAbandoned - (s.serviceLevelIncludesShortAbandons ? 0 : (shortAbandons.get(k) ?? 0)) : 0) + (s.serviceLevelIncludesFlowOuts ? r.nFlowOut : 0);
  }
  shortAbandons = new Map();
  return rows;
}

async function measure(frames: RawFrame[], cc: ReturnType<typeof simulate>['cc'], keep: (e: GenesysEvent) => boolean) {
  const serviceLevels = Object.fromEntries(cc.queues.map((q) => [q.id, cc.analytics.serviceLevels(q.id)]));
  const out = await lastValueFrom(
    from(frames).pipe(
      decode(),
      (s) => new (s.constructor as never as typeof import('rxjs').Observable<GenesysEvent>)((sub) => s.subscribe({ next: (e) => keep(e) && sub.next(e), error: (e) => sub.error(e), complete: () => sub.complete() })),
      conversationState({ snapshots: true }),
      queueMetrics({ emitInterval: 10 ** 9, serviceLevels, shortAbandonThreshold: cc.analytics.shortAbandonMs, switches: { includeFlowOuts: cc.analytics.serviceLevelIncludesFlowOuts, includeShortAbandons: cc.analytics.serviceLevelIncludesShortAbandons, includeAbandons: cc.analytics.serviceLevelIncludesAbandons } }),
      toArray(),
    ),
  );
  const rows = new Map<number, Map<string, Row>>();
  for (const r of out as QueueMetricsRecord[]) {
    if (r.type !== 'queueMetrics' || r.period !== 'interval') continue;
    const m = rows.get(r.start) ?? (rows.set(r.start, new Map()), rows.get(r.start)!);
    m.set(`${r.queueId}|${r.mediaType}`, {
      nOffered: r.nOffered,
      nAnswered: r.nAnswered,
      nAbandoned: r.nAbandoned,
      nFlowOut: r.nFlowOut,
      nOverSla: r.nOverSla,
      slNumerator: r.serviceLevel.numerator,
      slDenominator: r.serviceLevel.denominator,
      nHandle: r.tHandle.count,
      tAnsweredSum: r.tAnswered.sum,
      tHandleSum: r.tHandle.sum,
    });
  }
  return rows;
}

function differences(cc: ReturnType<typeof simulate>['cc'], measured: Map<number, Map<string, Row>>, end: number): string[] {
  const diffs: string[] = [];
  for (let from = START; from < end; from += HALF_HOUR) {
    const expected = truth(cc, from, from + HALF_HOUR);
    const got = measured.get(from) ?? new Map<string, Row>();
    for (const key of new Set([...expected.keys(), ...got.keys()])) {
      const e = expected.get(key);
      const g = got.get(key);
      for (const field of ['nOffered', 'nAnswered', 'nAbandoned', 'nFlowOut', 'nOverSla', 'slNumerator', 'slDenominator', 'nHandle'] as const) {
        if ((e?.[field] ?? 0) !== (g?.[field] ?? 0)) diffs.push(`${new Date(from).toISOString()} ${key} ${field}: genesys ${e?.[field] ?? 0}, gcstream ${g?.[field] ?? 0}`);
      }
      for (const field of ['tAnsweredSum', 'tHandleSum'] as const) {
        const n = field === 'tAnsweredSum' ? (e?.nAnswered ?? 0) : (e?.nHandle ?? 0);
        if (Math.abs((e?.[field] ?? 0) - (g?.[field] ?? 0)) > 1000 * Math.max(1, n)) diffs.push(`${new Date(from).toISOString()} ${key} ${field}: genesys ${e?.[field] ?? 0}, gcstream ${g?.[field] ?? 0}`);
      }
    }
  }
  return diffs;
}

describe('queueMetrics agrees with the emulator’s Genesys aggregates', () => {
  const run = simulate(20260601, 2);

  it('with conversation, detail and observation topics', async () => {
    const measured = await measure(run.frames, run.cc, () => true);
    expect(differences(run.cc, measured, run.end)).toEqual([]);
  });

  it('with conversation topics alone (outcomes derived)', async () => {
    const measured = await measure(run.frames, run.cc, (e) => e.family === 'conversation');
    expect(differences(run.cc, measured, run.end)).toEqual([]);
  });
});
