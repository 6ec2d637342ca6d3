import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { createContactCenter } from '../src/sim/index.js';
import type { SimNotification } from '../src/sim/types.js';
import { api, eventually, login } from './support/client.js';

type Body = Record<string, any>;
const HOUR = 3_600_000;
const HALF_HOUR = HOUR / 2;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MEDIA_SETTING: Record<string, string> = { voice: 'call', chat: 'chat', message: 'message', callback: 'callback', email: 'email' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('analytics aggregates and observations over HTTP', () => {
  let em: RunningEmulator;
  let token: string;
  /** Every notification the simulation produced, bodies included: the ground truth with its payloads. */
  const produced: SimNotification[] = [];

  beforeAll(async () => {
    em = await startEmulator({
      port: 0,
      seed: 11,
      speed: 600,
      tokenLifetimeSec: 30 * 86_400,
      startTime: T0,
      contactCenter: { queues: 4, agents: 14, arrivalRatePerMinute: 1.2 },
      createContactCenter: (options) => {
        const center = createContactCenter(options);
        center.onNotification((n) => produced.push(n));
        return center;
      },
    });
    token = await login(em);
    // The simulation has played a little past the hour the tests query.
    await eventually(() => ((produced.at(-1)?.time ?? 0) > T0 + HOUR + 60_000 ? true : undefined), 30_000);
  });
  afterAll(() => em?.close());

  it('answers an aggregates query over the last hour with the counts computed from the ground truth', async () => {
    const [from, to] = [T0, T0 + HOUR];
    const inHour = (n: SimNotification) => n.time >= from && n.time < to;
    // The truth log records every notification once; the bodies captured are the same notifications.
    const truthAcd = em.truth().filter((r) => inHour({ ...r, eventBody: undefined }) && /\.acd\.(start|end)$/.test(r.topicName));
    const events = produced.filter((n) => inHour(n) && /\.acd\.(start|end)$/.test(n.topicName));
    expect(events.map((n) => n.topicName)).toEqual(truthAcd.map((r) => r.topicName));
    expect(events.length).toBeGreaterThan(50);

    const queues = (await api(em, token, 'GET', '/api/v2/routing/queues?pageSize=100')).body.entities as Body[];
    const threshold = (queueId: string, mediaType: string) => queues.find((q) => q.id === queueId)!.mediaSettings[MEDIA_SETTING[mediaType]!].serviceLevel.durationMs;
    const expected = new Map<string, Record<string, Record<string, number>>>();
    const group = (b: Body, time: number) => {
      const key = `${b.queueId}|${String(b.mediaType).toLowerCase()}|${iso(Math.floor(time / HALF_HOUR) * HALF_HOUR)}`;
      let m = expected.get(key);
      if (!m) expected.set(key, (m = {}));
      return m;
    };
    const add = (m: Record<string, Record<string, number>>, name: string, value?: number) => {
      const s = (m[name] ??= value === undefined ? { count: 0 } : { count: 0, sum: 0 });
      s.count!++;
      if (value !== undefined) s.sum! += value;
    };
    for (const { topicName, eventBody, time } of events) {
      const b = eventBody as Body;
      const m = group(b, time);
      if (topicName.endsWith('.acd.start')) {
        add(m, 'nOffered');
        continue;
      }
      const waited = b.connectedDurationMs as number;
      add(m, 'tWait', waited);
      if (b.acdOutcome === 'ANSWERED') {
        add(m, 'tAnswered', waited);
        if (waited > threshold(b.queueId, String(b.mediaType).toLowerCase())) add(m, 'nOverSla');
      } else if (b.acdOutcome === 'ABANDON') add(m, 'tAbandon', waited);
      else if (b.acdOutcome === 'FLOW_OUT') add(m, 'tFlowOut', waited);
      else throw new Error(`unexpected acdOutcome ${b.acdOutcome}`);
    }
    for (const m of expected.values()) {
      const answered = m['tAnswered']?.count ?? 0;
      const denominator = answered + (m['tAbandon']?.count ?? 0);
      if (denominator > 0) m['oServiceLevel'] = { numerator: answered - (m['nOverSla']?.count ?? 0), denominator };
    }

    const metrics = ['nOffered', 'tAnswered', 'tAbandon', 'tFlowOut', 'tWait', 'nOverSla', 'oServiceLevel'];
    const res = await api(em, token, 'POST', '/api/v2/analytics/conversations/aggregates/query', {
      interval: `${iso(from)}/${iso(to)}`,
      granularity: 'PT30M',
      groupBy: ['queueId', 'mediaType'],
      metrics,
    });
    expect(res.status).toBe(200);
    const actual = new Map<string, Record<string, Record<string, number>>>();
    for (const r of res.body.results as Body[]) {
      for (const d of r.data) {
        const m: Record<string, Record<string, number>> = {};
        for (const { metric, stats } of d.metrics) {
          m[metric] = metric === 'oServiceLevel' ? { numerator: stats.numerator, denominator: stats.denominator } : stats.sum === undefined ? { count: stats.count } : { count: stats.count, sum: stats.sum };
          if (metric === 'oServiceLevel') expect(stats.target).toBe(queues.find((q) => q.id === r.group.queueId)!.mediaSettings[MEDIA_SETTING[r.group.mediaType]!].serviceLevel.percentage);
        }
        actual.set(`${r.group.queueId}|${r.group.mediaType}|${d.interval.split('/')[0]}`, m);
        expect(Date.parse(d.interval.split('/')[1]) - Date.parse(d.interval.split('/')[0])).toBe(HALF_HOUR);
      }
    }
    expect(actual).toEqual(expected);
  });

  it('filters aggregates, and without granularity answers one interval', async () => {
    const interval = `${iso(T0)}/${iso(T0 + HOUR)}`;
    const all = await api(em, token, 'POST', '/api/v2/analytics/conversations/aggregates/query', { interval, metrics: ['nOffered'] });
    const voice = await api(em, token, 'POST', '/api/v2/analytics/conversations/aggregates/query', {
      interval,
      metrics: ['nOffered'],
      groupBy: ['mediaType'],
      filter: { type: 'and', predicates: [{ type: 'dimension', dimension: 'mediaType', operator: 'matches', value: 'voice' }] },
    });
    expect(all.body.results).toHaveLength(1);
    expect(all.body.results[0].data).toHaveLength(1);
    expect(all.body.results[0].data[0].interval).toBe(interval);
    expect(voice.body.results.map((r: Body) => r.group)).toEqual([{ mediaType: 'voice' }]);
    expect(voice.body.results[0].data[0].metrics[0].stats.count).toBeLessThan(all.body.results[0].data[0].metrics[0].stats.count);
  });

  it('rejects aggregates queries Genesys would reject, naming the problem', async () => {
    const interval = `${iso(T0)}/${iso(T0 + HOUR)}`;
    const bad: [Body, RegExp][] = [
      [{ metrics: ['nOffered'] }, /interval/],
      [{ interval }, /metrics/],
      [{ interval, metrics: ['nOfferedd'] }, /nOfferedd/],
      [{ interval, metrics: ['nOffered'], granularity: '30 minutes' }, /granularity/],
      [{ interval, metrics: ['nOffered'], groupBy: ['wrapUpCode'] }, /wrapUpCode/],
      [{ interval, metrics: ['nOffered'], filter: { type: 'xor', predicates: [{ dimension: 'queueId', value: 'x' }] } }, /"and" or "or"/],
    ];
    for (const [body, message] of bad) {
      const res = await api(em, token, 'POST', '/api/v2/analytics/conversations/aggregates/query', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('bad.request');
      expect(res.body.message).toMatch(message);
    }
  });

  it('serves per-queue, per-media service levels in mediaSettings, with email at 24 hours by default', async () => {
    const queues = (await api(em, token, 'GET', '/api/v2/routing/queues')).body.entities as Body[];
    for (const q of queues) expect(Object.keys(q.mediaSettings).sort()).toEqual(['call', 'callback', 'chat', 'email', 'message']);
    expect(queues[0]!.mediaSettings.email.serviceLevel).toEqual({ percentage: 0.8, durationMs: 86_400_000 });
    expect(queues[0]!.mediaSettings.call.serviceLevel).toEqual({ percentage: 0.8, durationMs: 20_000 });
    expect(new Set(queues.map((q) => q.mediaSettings.call.serviceLevel.durationMs)).size).toBeGreaterThan(1);
  });

  it('answers queue observations per media type and, for users, per queue; validates the metrics', async () => {
    const queueId = em.contactCenter.queues[0]!.id;
    const res = await api(em, token, 'POST', '/api/v2/analytics/queues/observations/query', {
      filter: { type: 'or', predicates: [{ dimension: 'queueId', value: queueId }] },
      metrics: ['oWaiting', 'oInteracting', 'oOnQueueUsers', 'oMemberUsers'],
      detailMetrics: ['oInteracting'],
    });
    expect(res.status).toBe(200);
    const groups = (res.body.results as Body[]).map((r) => r.group);
    expect(groups).toContainEqual({ queueId });
    expect(groups).toContainEqual({ queueId, mediaType: 'voice' });
    const users = res.body.results.find((r: Body) => r.group.mediaType === undefined);
    expect(users.data.find((m: Body) => m.metric === 'oMemberUsers').stats.count).toBe(em.contactCenter.users.filter((u) => u.queueIds.includes(queueId)).length);
    for (const r of res.body.results as Body[]) {
      for (const m of r.data) {
        expect(['oWaiting', 'oInteracting', 'oOnQueueUsers', 'oMemberUsers']).toContain(m.metric);
        if (m.observations) expect(m.metric).toBe('oInteracting');
      }
    }
    const bad = await api(em, token, 'POST', '/api/v2/analytics/queues/observations/query', { filter: { type: 'or', predicates: [{ dimension: 'queueId', value: queueId }] }, metrics: ['tAnswered'] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/tAnswered/);
  });
});
