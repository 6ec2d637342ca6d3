import { describe, expect, it } from 'vitest';
import { createManualClock } from './manualClock.js';
import type { ContactCenterOptions } from './options.js';
import { createRandom } from './random.js';
import { resolveOptions } from './resolveOptions.js';

const resolve = (options: Partial<ContactCenterOptions> | Record<string, unknown>) =>
  resolveOptions({ clock: createManualClock(0), seed: 1, ...options } as ContactCenterOptions, createRandom(1));

describe('resolveOptions', () => {
  it('defaults to 4 queues and 12 agents covering voice, chat, message, callback and email', () => {
    const config = resolve({});
    expect(config.queues).toHaveLength(4);
    expect(config.users).toHaveLength(12);
    expect(new Set(config.queues.flatMap((q) => q.mediaTypes))).toEqual(new Set(['voice', 'chat', 'message', 'callback', 'email']));
    for (const q of config.queues) {
      expect(config.users.filter((u) => u.queueIds.includes(q.id)).length).toBeGreaterThanOrEqual(2);
      expect(config.users.some((u) => u.queueIds.includes(q.id) && u.skills.includes('Spanish'))).toBe(true);
    }
  });

  it('resolves agent queues by name or id and arrival rates by queue name', () => {
    const config = resolve({
      queues: [{ name: 'Voice', id: 'q-voice', mediaTypes: ['voice'] }, { name: 'Chat', mediaTypes: ['chat'] }],
      agents: [{ name: 'A', queues: ['q-voice', 'Chat'] }],
      arrivalRatePerMinute: { Chat: 3 },
    });
    expect(config.users[0]!.queueIds).toEqual(['q-voice', config.queues[1]!.id]);
    expect(config.queues.map((q) => q.arrivalRatePerMinute)).toEqual([0.5, 3]);
  });

  it('makes counts of default queues and agents', () => {
    const config = resolve({ queues: 6, agents: 30 });
    expect(config.queues.map((q) => q.name)).toEqual(['Sales', 'Support', 'Billing', 'Retention', 'Sales 2', 'Support 2']);
    expect(config.users).toHaveLength(30);
    expect(new Set(config.users.map((u) => u.id)).size).toBe(30);
  });

  it('rejects bad options with a usage error that names the option and the fix', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ mediaMix: { video: 1 } }, /contactCenter\.mediaMix\.video: unknown media type: use voice, chat/],
      [{ queues: [{ name: 'Q', mediaTypes: ['fax'] }] }, /queues\[0\]\.mediaTypes: unknown media type "fax"/],
      [{ queues: [{ mediaTypes: ['voice'] }] }, /queues\[0\]: needs a name/],
      [{ arrivalRatePerMinute: -1 }, /arrivalRatePerMinute: must be a number >= 0/],
      [{ agents: 2.5 }, /agents: must be a whole number/],
      [{ agents: [{ name: 'A', queues: ['Nope'] }] }, /agent "A" names queue "Nope", which is not configured: use one of Sales/],
      [{ queues: 0 }, /at least one queue/],
      [{ timing: { talkMs: { voice: 'long' } } }, /timing\.talkMs\.voice: must be a number/],
    ];
    for (const [options, message] of cases) {
      let error: unknown;
      try {
        resolve(options);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toMatchObject({ code: 'GCS_USAGE', usage: true });
      expect((error as Error).message).toMatch(message);
    }
  });
});
