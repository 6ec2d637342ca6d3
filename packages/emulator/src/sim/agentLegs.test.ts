import { describe, expect, it } from 'vitest';
import { createContactCenter } from './contactCenter.js';
import { createManualClock } from './manualClock.js';
import type { ContactCenterOptions } from './options.js';
import type { SimNotification } from './types.js';

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const HOUR = 3_600_000;

type Body = Record<string, any>;

function run(options: Partial<ContactCenterOptions>, durationMs: number) {
  const clock = createManualClock(START);
  const cc = createContactCenter({ clock, seed: 7, startTime: START, ...options });
  const notifications: SimNotification[] = [];
  cc.onNotification((n) => notifications.push(n));
  cc.start();
  clock.advance(durationMs);
  return { cc, notifications };
}

describe('agent legs: what the agent metrics and user.end are made of', () => {
  it('clears wrapupRequired on an agent whose offer rang out: it never connected, so no wrap-up is awaited', () => {
    const { notifications } = run({ queues: [{ name: 'Voice', mediaTypes: ['voice'] }], agents: 4, arrivalRatePerMinute: 1.5 }, 4 * HOUR);
    const last = new Map<string, Body>();
    for (const n of notifications) if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName)) last.set(n.conversationId!, n.eventBody as Body);
    const rungOut = [...last.values()].flatMap((b) => b.participants.filter((p: Body) => p.purpose === 'agent' && p.calls.some((m: Body) => m.disconnectType === 'timeout')));
    expect(rungOut.length).toBeGreaterThan(0);
    // The official sample (queue-notifications-example isWrapupComplete): wrapupRequired with no wrapup = still in wrap-up.
    for (const p of rungOut) {
      expect(p.connectedTime).toBeUndefined();
      expect(p.wrapupRequired).toBe(false);
    }
  });
});
