import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, eventually, login, openSocket } from './support/client.js';
import { conversationAt, createScriptedContactCenter, QUEUE_A, type ScriptedContactCenter } from './support/scriptedContactCenter.js';

const DETAILS = '/api/v2/analytics/conversations/details';
/** The simulated clock starts far from the host's, so a date taken from the host clock shows. */
const SIM_START = Date.parse('2026-01-05T10:00:00.000Z');

describe('analytics over a scripted history', () => {
  let em: RunningEmulator;
  let center: ScriptedContactCenter;
  let token: string;
  beforeAll(async () => {
    em = await startEmulator({ port: 0, startTime: SIM_START, createContactCenter: () => (center = createScriptedContactCenter()) });
    token = await login(em);
    center.conversations = Array.from({ length: 30 }, (_, i) =>
      conversationAt(`conv-${String(i).padStart(2, '0')}`, new Date(Date.UTC(2026, 0, 5, 9, i)).toISOString()),
    );
  });
  afterAll(() => em.close());

  const interval = '2026-01-05T09:00:00.000Z/2026-01-05T10:00:00.000Z';

  it('pages the details query and reports totalHits', async () => {
    const page1 = await api(em, token, 'POST', `${DETAILS}/query`, { interval, paging: { pageSize: 25, pageNumber: 1 } });
    const page2 = await api(em, token, 'POST', `${DETAILS}/query`, { interval, paging: { pageSize: 25, pageNumber: 2 } });
    expect(page1.status).toBe(200);
    expect(page1.body.totalHits).toBe(30);
    expect(page1.body.conversations).toHaveLength(25);
    expect(page2.body.conversations.map((c: { conversationId: string }) => c.conversationId)).toEqual(['conv-25', 'conv-26', 'conv-27', 'conv-28', 'conv-29']);
  });

  it('orders by conversationStart, descending on request', async () => {
    const res = await api(em, token, 'POST', `${DETAILS}/query`, { interval, order: 'desc', orderBy: 'conversationStart', paging: { pageSize: 3, pageNumber: 1 } });
    expect(res.body.conversations.map((c: { conversationId: string }) => c.conversationId)).toEqual(['conv-29', 'conv-28', 'conv-27']);
  });

  it('leaves conversations out when nothing matches, as Genesys does', async () => {
    const res = await api(em, token, 'POST', `${DETAILS}/query`, { interval: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z' });
    expect(res.body).toEqual({ totalHits: 0 });
  });

  it('passes queueId and mediaType segment filters to the contact center', async () => {
    await api(em, token, 'POST', `${DETAILS}/query`, {
      interval,
      segmentFilters: [
        { type: 'or', predicates: [{ dimension: 'queueId', value: QUEUE_A }, { dimension: 'queueId', value: 'q001' }] },
        { type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }] },
      ],
    });
    expect(center.lastQuery).toEqual({ from: Date.parse('2026-01-05T09:00:00.000Z'), to: Date.parse('2026-01-05T10:00:00.000Z'), queueIds: [QUEUE_A, 'q001'], mediaTypes: ['voice'] });
  });

  it('rejects intervals over 7 days, reversed or malformed intervals, and bad paging', async () => {
    const bad = [
      { interval: '2026-01-01T00:00:00Z/2026-01-08T00:00:01Z' },
      { interval: '2026-01-02T00:00:00Z/2026-01-01T00:00:00Z' },
      { interval: 'yesterday' },
      {},
      { interval, paging: { pageSize: 101 } },
      { interval, order: 'sideways' },
    ];
    for (const body of bad) {
      const res = await api(em, token, 'POST', `${DETAILS}/query`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('bad.request');
    }
    const week = await api(em, token, 'POST', `${DETAILS}/query`, { interval: '2026-01-01T00:00:00Z/2026-01-08T00:00:00Z' });
    expect(week.status).toBe(200);
  });

  it('runs async details jobs: submit, poll the state, read results with a cursor', async () => {
    const submitted = await api(em, token, 'POST', `${DETAILS}/jobs`, { interval });
    expect(submitted.status).toBe(202);
    const { jobId } = submitted.body;
    const early = await api(em, token, 'GET', `${DETAILS}/jobs/${jobId}`);
    expect(['QUEUED', 'PENDING', 'FULFILLED']).toContain(early.body.state);
    // Job dates are simulated time, like every event time a client compares them with.
    const submission = Date.parse(early.body.submissionDate);
    expect(submission).toBeGreaterThanOrEqual(SIM_START);
    expect(submission).toBeLessThanOrEqual(em.clock.now());
    expect(Date.parse(early.body.expirationDate)).toBe(submission + 2 * 86_400_000);
    await eventually(async () => ((await api(em, token, 'GET', `${DETAILS}/jobs/${jobId}`)).body.state === 'FULFILLED' ? true : undefined));
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api(em, token, 'GET', `${DETAILS}/jobs/${jobId}/results?pageSize=12${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(Date.parse(res.body.dataAvailabilityDate)).toBeGreaterThanOrEqual(submission);
      expect(Date.parse(res.body.dataAvailabilityDate)).toBeLessThanOrEqual(em.clock.now());
      ids.push(...res.body.conversations.map((c: { conversationId: string }) => c.conversationId));
      cursor = res.body.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids).toEqual(center.conversations.map((c) => c.conversationId));
    expect((await api(em, token, 'GET', `${DETAILS}/jobs/not-a-job`)).status).toBe(404);
  });

  it('answers queue observations for the queues in the filter, with the requested metrics', async () => {
    const res = await api(em, token, 'POST', '/api/v2/analytics/queues/observations/query', {
      filter: { type: 'or', predicates: [{ dimension: 'queueId', value: QUEUE_A }] },
      metrics: ['oWaiting', 'oInteracting'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      results: [{ group: { queueId: QUEUE_A, mediaType: 'voice' }, data: [{ metric: 'oWaiting', stats: { count: 2 } }, { metric: 'oInteracting', stats: { count: 5 } }] }],
    });
    const noQueue = await api(em, token, 'POST', '/api/v2/analytics/queues/observations/query', { filter: { type: 'or', predicates: [] } });
    expect(noQueue.status).toBe(400);
  });
});

describe('analytics agree with the stream (simulated contact center)', () => {
  it('for a finished simulated hour, the details query returns exactly the conversations the stream carried', async () => {
    const T0 = Date.parse('2026-01-05T09:00:00.000Z');
    const HOUR = 3_600_000;
    const em = await startEmulator({ port: 0, seed: 7, speed: 1800, startTime: T0, warm: false, contactCenter: { queues: 4, agents: 12, arrivalRatePerMinute: 1.5 } });
    try {
      const token = await login(em);
      const channel = (await api(em, token, 'POST', '/api/v2/notifications/channels')).body;
      const topics = em.contactCenter.queues.map((q) => ({ id: `v2.routing.queues.${q.id}.conversations` }));
      expect((await api(em, token, 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, topics)).status).toBe(200);
      const socket = await openSocket(channel.connectUri);
      // The simulation runs from startTime; the hour compared is the first whole minute after the socket is up.
      const H0 = Math.ceil((em.clock.now() + 60_000) / 60_000) * 60_000;
      // Simulated events are released in time order: one record past the mark means the hour is fully played.
      await eventually(() => ((em.truth().at(-1)?.time ?? 0) > H0 + HOUR + 15 * 60_000 ? true : undefined), 60_000);
      // A busy event loop can play the whole hour in one tick: the socket has all of it once it has
      // the last notification sent on a subscribed topic (one socket receives in order).
      const subscribed = new Set(topics.map((t) => t.id));
      const last = em.truth().findLast((r) => subscribed.has(r.topicName))!.correlationId;
      await eventually(() => (socket.frames.some((f) => f.includes(last)) ? true : undefined), 60_000);
      socket.ws.close();
      const carried = new Set(
        socket.frames.map((f) => JSON.parse(f)).filter((f) => f.topicName?.startsWith('v2.routing.queues.')).map((f) => f.eventBody.id as string),
      );
      const query = async (from: number, to: number) => {
        const ids: { id: string; start: number }[] = [];
        for (let page = 1; ; page++) {
          const res = await api(em, token, 'POST', '/api/v2/analytics/conversations/details/query', {
            interval: `${new Date(from).toISOString()}/${new Date(to).toISOString()}`,
            paging: { pageSize: 100, pageNumber: page },
          });
          expect(res.status).toBe(200);
          ids.push(...(res.body.conversations ?? []).map((c: { conversationId: string; conversationStart: string }) => ({ id: c.conversationId, start: Date.parse(c.conversationStart) })));
          if (ids.length >= res.body.totalHits) return ids;
        }
      };
      const inHour = await query(H0, H0 + HOUR);
      expect(inHour.length).toBeGreaterThan(20);
      // Conversations the stream carried that started before or after the hour are the only difference.
      const outside = new Set([...(await query(T0, H0)), ...(await query(H0 + HOUR, H0 + 2 * HOUR))].map((c) => c.id));
      const carriedInHour = [...carried].filter((id) => !outside.has(id));
      expect(new Set(inHour.map((c) => c.id))).toEqual(new Set(carriedInHour));
    } finally {
      await em.close();
    }
    // An hour played at speed 1800 takes seconds alone, but far longer when the whole suite shares two cores.
  }, 90_000);
});
