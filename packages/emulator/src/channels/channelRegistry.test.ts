import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../sim/manualClock.js';
import { createChannelRegistry, type Channel, type ChannelRegistry } from './channelRegistry.js';

const TOPICS = ['v2.users.u1.presence', 'v2.users.u1.routingStatus', 'v2.users.u2?presence&routingStatus', 'v2.routing.queues.q1.conversations', 'v2.bad..topic'];

function setup(maxChannels = 3) {
  const clock = createManualClock(0);
  const removed: { id: string; reason: string }[] = [];
  const registry = createChannelRegistry({ clock, ttlMs: 1000, maxChannelsPerClient: maxChannels, maxTopicsPerChannel: 3, streamingBase: () => 'ws://127.0.0.1:1' });
  registry.onRemoved((c, reason) => removed.push({ id: c.id, reason }));
  return { clock, registry, removed };
}

/** The routing table must always be exactly the union of the live channels' concrete topics. */
function checkIndex(registry: ChannelRegistry, all: readonly Channel[]): void {
  const live = new Set(registry.list());
  const concrete = new Set(['v2.users.u1.presence', 'v2.users.u1.routingStatus', 'v2.users.u2.presence', 'v2.users.u2.routingStatus', 'v2.routing.queues.q1.conversations']);
  for (const topic of concrete) {
    const expected = all.filter((c) => live.has(c) && [...c.topics.values()].some((list) => list.includes(topic)));
    expect(new Set(registry.index.channelsFor(topic) ?? [])).toEqual(new Set(expected));
  }
}

describe('createChannelRegistry', () => {
  it('keeps the routing table consistent and the per-client limit through any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), client: fc.constantFrom('a', 'b') }),
      fc.record({ kind: fc.constantFrom('add' as const, 'replace' as const), target: fc.nat(), topics: fc.subarray(TOPICS), ignoreErrors: fc.boolean() }),
      fc.record({ kind: fc.constant('clear' as const), target: fc.nat() }),
      fc.record({ kind: fc.constant('connect' as const), target: fc.nat() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 600 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { clock, registry } = setup();
        const all: Channel[] = [];
        for (const o of ops) {
          const live = registry.list();
          const target = live.length ? live[('target' in o ? o.target : 0) % live.length] : undefined;
          if (o.kind === 'create') all.push(registry.create(o.client, `token-${o.client}`));
          else if (o.kind === 'advance') clock.advance(o.ms);
          else if (!target) continue;
          else if (o.kind === 'clear') registry.unsubscribeAll(target);
          else if (o.kind === 'connect') target.connection = { open: true };
          else {
            const before = [...target.topics.keys()];
            const result = registry.subscribe(target, o.topics, o.kind, o.ignoreErrors);
            // A refused request changes nothing.
            if (!result.ok) expect([...target.topics.keys()]).toEqual(before);
            else expect(target.topics.size).toBeLessThanOrEqual(3);
          }
          for (const client of ['a', 'b']) expect(registry.list((c) => c.clientId === client).length).toBeLessThanOrEqual(3);
          checkIndex(registry, all);
        }
      }),
    );
  });

  it('evicts the least recently used channel without a connection first', () => {
    const { registry, removed } = setup(3);
    const [a, b, c] = [registry.create('x', 't'), registry.create('x', 't'), registry.create('x', 't')];
    a.connection = { open: true };
    registry.subscribe(b, ['v2.users.u1.presence'], 'add', false);
    registry.create('x', 't');
    expect(removed).toEqual([{ id: c.id, reason: 'evicted' }]);
    expect(registry.get(a.id)).toBe(a);
    expect(registry.get(b.id)).toBe(b);
  });

  it('expires channels on the clock and extends them on subscribe', () => {
    const { clock, registry, removed } = setup();
    const channel = registry.create('x', 't');
    clock.advance(900);
    registry.subscribe(channel, ['v2.users.u1.presence'], 'replace', false);
    clock.advance(900);
    expect(registry.get(channel.id)).toBe(channel);
    clock.advance(100);
    expect(registry.get(channel.id)).toBeUndefined();
    expect(removed).toEqual([{ id: channel.id, reason: 'expired' }]);
    expect(registry.index.channelsFor('v2.users.u1.presence')).toBeUndefined();
  });
});
