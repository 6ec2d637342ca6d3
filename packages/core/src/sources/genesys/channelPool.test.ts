import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGcsError } from '../../errors/errors.js';
import { ChannelPool, checkCapacity, genesysLimits } from './channelPool.js';

const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

type Op = { kind: 'add'; topics: string[] } | { kind: 'remove'; topics: string[] };

const topicArb = fc.integer({ min: 0, max: 400 }).map((n) => `v2.conversations.c${n}.transcription`);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), topics: fc.array(topicArb, { maxLength: 40 }) }),
  fc.record({ kind: fc.constant('remove' as const), topics: fc.array(topicArb, { maxLength: 20 }) }),
);

describe('checkCapacity', () => {
  it('accepts up to 20 x 1000 topics and names the number of OAuth clients past that', () => {
    expect(checkCapacity(20_000)).toBe(20);
    try {
      checkCapacity(45_001);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(isGcsError(error, 'GCS_CONFIG_LIMITS')).toBe(true);
      expect((error as Error).message).toContain('46 channels');
      expect((error as Error).message).toContain('3 OAuth clients');
    }
  });
});

describe('ChannelPool', () => {
  it('plans as few channels as the limits allow and spreads topics evenly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 200 }), (count, perChannel) => {
        const limits = { maxTopicsPerChannel: perChannel, maxChannels: 20 };
        const topics = ids(count);
        if (Math.ceil(count / perChannel) > 20) {
          expect(() => ChannelPool.plan(topics, limits)).toThrow(/OAuth client/);
          return;
        }
        const pool = ChannelPool.plan(topics, limits);
        expect(pool.slotCount).toBe(Math.max(1, Math.ceil(count / perChannel)));
        const sizes = Array.from({ length: pool.slotCount }, (_, s) => pool.topicsOf(s).length);
        for (const size of sizes) expect(size).toBeLessThanOrEqual(perChannel);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
        expect(new Set(pool.allTopics())).toEqual(new Set(topics));
      }),
    );
  });

  it('never exceeds the per-channel limit and never loses a topic across adds and removes', () => {
    fc.assert(
      fc.property(fc.array(topicArb, { maxLength: 120 }), fc.array(opArb, { maxLength: 60 }), (initial, ops) => {
        const limits = { maxTopicsPerChannel: 50, maxChannels: 5 };
        const pool = ChannelPool.plan(initial, limits);
        const expected = new Set(initial);
        const slotOf = new Map<string, number>();
        const snapshotSlots = () => {
          for (let s = 0; s < pool.slotCount; s++) for (const t of pool.topicsOf(s)) slotOf.set(t, s);
        };
        snapshotSlots();
        for (const op of ops) {
          if (op.kind === 'add') {
            const { overflow } = pool.add(op.topics);
            for (const t of op.topics) if (!overflow.includes(t)) expected.add(t);
            for (const t of overflow) expect(expected.has(t)).toBe(false);
          } else {
            pool.remove(op.topics);
            for (const t of op.topics) expected.delete(t);
          }
          for (let s = 0; s < pool.slotCount; s++) {
            expect(pool.topicsOf(s).length).toBeLessThanOrEqual(limits.maxTopicsPerChannel);
          }
          expect(pool.slotCount).toBeLessThanOrEqual(limits.maxChannels);
          expect(new Set(pool.allTopics())).toEqual(expected);
          // a topic never moves to another slot: a turnover replaces the slot's channel, not its topics
          for (const t of pool.allTopics()) {
            const s = slotOf.get(t);
            if (s !== undefined) expect(pool.topicsOf(s)).toContain(t);
          }
          snapshotSlots();
          for (const t of [...slotOf.keys()]) if (!expected.has(t)) slotOf.delete(t);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('adds to the least loaded slot and opens slots only when the others are full', () => {
    const pool = ChannelPool.plan(ids(3), { maxTopicsPerChannel: 2, maxChannels: 3 });
    expect(pool.slotCount).toBe(2);
    const { changed, overflow } = pool.add(['x', 'y', 'z']);
    expect(overflow).toEqual([]);
    expect(pool.slotCount).toBe(3);
    expect([...changed].sort()).toEqual([1, 2]);
    expect(pool.topicsOf(1)).toEqual(['t2', 'x']);
    expect(pool.add(['w']).overflow).toEqual(['w']);
    expect(genesysLimits).toEqual({ maxTopicsPerChannel: 1000, maxChannels: 20 });
  });
});
