import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContactCenter } from './contactCenter.js';
import { createManualClock } from './manualClock.js';
import { MEDIA_KINDS } from './options.js';
import type { MediaKind } from './media.js';
import type { SimNotification } from './types.js';

type Body = Record<string, any>;
const START = Date.UTC(2026, 5, 1, 12);
const MEDIA_ARRAYS = ['calls', 'chats', 'messages', 'emails', 'callbacks'];
const WAIT_FOREVER = new Set(['message', 'email', 'callback']);

/** Small random contact centers: any seed, 1-3 queues, 0-6 agents, any media served. */
const centers = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  queues: fc.array(fc.subarray([...MEDIA_KINDS], { minLength: 1 }), { minLength: 1, maxLength: 3 }),
  agents: fc.integer({ min: 0, max: 6 }),
  rate: fc.double({ min: 0.1, max: 3, noNaN: true }),
});

describe('contact center invariants (property)', () => {
  it('for any seed and small center: every conversation ends, analytics equals the stream, gauges never go negative', () => {
    fc.assert(
      fc.property(centers, ({ seed, queues, agents, rate }) => {
        const clock = createManualClock(START);
        const patienceMs = Object.fromEntries(MEDIA_KINDS.map((m) => [m, 60_000])) as Record<MediaKind, number>;
        const cc = createContactCenter({
          clock,
          seed,
          startTime: START,
          queues: queues.map((mediaTypes, i) => ({ name: `Q${i}`, mediaTypes })),
          agents,
          arrivalRatePerMinute: rate,
          timing: { patienceMs },
        });
        const out: SimNotification[] = [];
        cc.onNotification((n) => out.push(n));
        cc.start();
        clock.advance(90 * 60_000);
        // Arrivals keep coming; look only at conversations that started in the first 30 minutes.
        const early = new Set(out.filter((n) => n.conversationId && n.time < START + 30 * 60_000).map((n) => n.conversationId));
        const lastBody = new Map<string, Body>();
        for (const n of out) if (n.conversationId && /conversations$/.test(n.topicName)) lastBody.set(n.conversationId, n.eventBody as Body);
        const analytics = new Map(cc.detailsQuery({ from: START, to: clock.now() + 1 }).map((c) => [c.conversationId, c]));
        // Messages, emails and callbacks never abandon (Genesys: abandons do not apply): they wait for an agent.
        const waitsForAgent = (c: Body | undefined) =>
          c?.participants.some((p: Body) => p.purpose === 'acd' && p.sessions.some((s: Body) => WAIT_FOREVER.has(s.mediaType) && s.segments.some((g: Body) => g.segmentEnd === undefined)));
        for (const id of early) {
          if (waitsForAgent(analytics.get(id!) as Body | undefined)) continue;
          expect(analytics.get(id!)?.conversationEnd, `conversation ${id} never ended`).toBeDefined();
          const body = lastBody.get(id!);
          if (body) for (const p of body.participants) for (const k of MEDIA_ARRAYS) for (const m of p[k]) expect(m.state).toBe('terminated');
        }
        const notified = new Set(out.map((n) => n.conversationId).filter(Boolean));
        expect(new Set(analytics.keys())).toEqual(notified);
        for (const o of cc.observations(cc.queues.map((q) => q.id))) for (const m of o.data) expect(m.stats['count'] ?? 0).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 12, seed: 20260601 },
    );
  });
});
