import { describe, expect, it } from 'vitest';
import { createContactCenter } from './contactCenter.js';
import { createManualClock } from './manualClock.js';
import type { SimNotification } from './types.js';

const START = Date.UTC(2026, 0, 5, 14, 0, 0);
const HOUR = 3_600_000;
const CENTER = { queues: 6, agents: 40, arrivalRatePerMinute: 1.5 };

function warm(seed: number, warmupMs: number, liveMs: number) {
  const clock = createManualClock(START);
  const center = createContactCenter({ clock, seed, startTime: START, warmupMs, ...CENTER });
  const notifications: SimNotification[] = [];
  center.onNotification((n) => notifications.push(n));
  center.start();
  clock.advance(liveMs);
  return { center, notifications };
}

/** Every `qualifier` in a body: observation metrics qualify on-queue users by routing status. */
const qualifiers = (value: unknown, into = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) for (const v of value) qualifiers(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k === 'qualifier' && typeof v === 'string') into.add(v);
    else qualifiers(v, into);
  }
  return into;
};

describe('warm start', () => {
  it('starts in the middle of a working day: conversations in flight, agents busy, history in analytics', () => {
    const { center, notifications } = warm(1, 4 * HOUR, 30_000);
    expect(notifications.length).toBeGreaterThan(0);
    // Nothing of the history is sent: it happened before anyone could subscribe.
    expect(notifications.every((n) => n.time >= START)).toBe(true);

    const history = center.detailsQuery({ from: START - 4 * HOUR, to: START });
    expect(history.length).toBeGreaterThan(200);
    // Conversations that began before the start are talked about in its first 30 seconds.
    const started = new Map(center.detailsQuery({ from: START - 4 * HOUR, to: START + HOUR }).map((c) => [c.conversationId, Date.parse(c.conversationStart)]));
    const inFlight = new Set(notifications.filter((n) => n.conversationId && started.get(n.conversationId)! < START).map((n) => n.conversationId));
    expect(inFlight.size).toBeGreaterThan(3);

    // The first observations show agents both idle and interacting.
    const statuses = qualifiers(notifications.filter((n) => n.topicName.endsWith('.observations')).map((n) => n.eventBody));
    expect(statuses).toContain('IDLE');
    expect(statuses).toContain('INTERACTING');

    // Every queue of the center has queue-conversation events within those 30 seconds.
    const queuesSeen = new Set(notifications.map((n) => /^v2\.routing\.queues\.([^.]+)\.conversations$/.exec(n.topicName)?.[1]).filter(Boolean));
    expect([...queuesSeen].sort()).toEqual(center.queues.map((q) => q.id).sort());
  });

  it('is deterministic for a seed, and a cold start (warmupMs 0) begins empty', () => {
    const a = warm(7, 2 * HOUR, 60_000).notifications;
    const b = warm(7, 2 * HOUR, 60_000).notifications;
    expect(a.length).toBeGreaterThan(50);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));

    const cold = warm(7, 0, 10_000);
    expect(cold.center.detailsQuery({ from: START - HOUR, to: START + HOUR }).every((c) => Date.parse(c.conversationStart) >= START)).toBe(true);
    // Agents are still logging in: no conversation has reached an agent in the first 10 seconds.
    expect(cold.notifications.some((n) => /^v2\.users\.[^.]+\.conversations$/.test(n.topicName))).toBe(false);
  });

  it('rejects a negative warm-up with a usage error', () => {
    expect(() => createContactCenter({ clock: createManualClock(START), seed: 1, warmupMs: -1 })).toThrow(/contactCenter\.warmupMs: must be a number >= 0/);
  });
});
