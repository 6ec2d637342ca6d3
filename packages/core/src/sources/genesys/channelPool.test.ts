import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGcsError } from '../../errors/errors.js';
import { ChannelPool, checkCapacity, genesysLimits } from './channelPool.js';

const ids = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

type Op =
  | { kind: 'add'; topics: string[] }
  | { kind: 'remove'; topics: string[] }
  | { kind: 'begin'; slot: number }
  | { kind: 'complete'; slot: number }
  | { kind: 'abort'; slot: number };

const topicArb = fc.integer({ min: 0, max: 400 }).map((n) => `v2.conversations.c${n}.transcription`);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), topics: fc.array(topicArb, { maxLength: 40 }) }),
  fc.record({ kind: fc.constant('remove' as const), topics: fc.array(topicArb, { maxLength: 20 }) }),
  fc.record({ kind: fc.constant('begin' as const), slot: fc.nat(6) }),
  fc.record({ kind: fc.constant('complete' as const), slot: fc.nat(6) }),
  fc.record({ kind: fc.constant('abort' as const), slot: fc.nat(6) }),
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

  it('never exceeds the per-channel limit and never loses a topic across adds, removes and rollovers', () => {
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
        let nextChannel = 0;
        const pending = new Map<number, string>();
        for (let s = 0; s < pool.slotCount; s++) {
          pool.beginRollover(s, `ch${nextChannel++}`);
          pool.completeRollover(s);
        }
        for (const op of ops) {
          if (op.kind === 'add') {
            const { overflow } = pool.add(op.topics);
            for (const t of op.topics) if (!overflow.includes(t)) expected.add(t);
            for (const t of overflow) expect(expected.has(t)).toBe(false);
          } else if (op.kind === 'remove') {
            pool.remove(op.topics);
            for (const t of op.topics) expected.delete(t);
          } else if (op.slot < pool.slotCount) {
            const before = pool.topicsOf(op.slot);
            const current = pool.channelOf(op.slot);
            if (op.kind === 'begin') {
              const id = `ch${nextChannel++}`;
              pool.beginRollover(op.slot, id);
              pending.set(op.slot, id);
              // during the overlap both channels are held: the topics stay served
              if (current) expect(pool.channels()).toContain(current);
            } else if (op.kind === 'complete') {
              const released = pool.completeRollover(op.slot);
              const next = pending.get(op.slot);
              pending.delete(op.slot);
              if (next) {
                expect(pool.channelOf(op.slot)).toBe(next);
                expect(released).toBe(current);
              } else expect(released).toBeUndefined();
            } else {
              pool.abortRollover(op.slot);
              pending.delete(op.slot);
              expect(pool.channelOf(op.slot)).toBe(current);
            }
            expect(pool.topicsOf(op.slot)).toEqual(before);
          }
          for (let s = 0; s < pool.slotCount; s++) {
            expect(pool.topicsOf(s).length).toBeLessThanOrEqual(limits.maxTopicsPerChannel);
          }
          expect(pool.slotCount).toBeLessThanOrEqual(limits.maxChannels);
          expect(new Set(pool.allTopics())).toEqual(expected);
          // a topic never moves to another slot: rollovers carry it with its slot
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
