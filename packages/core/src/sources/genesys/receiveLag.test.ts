import { describe, expect, it } from 'vitest';
import { ReceiveLag } from './receiveLag.js';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
/** A conversation snapshot whose newest timestamp is `changedAt`. */
const snapshot = (changedAt: number) => ({
  id: 'c1',
  participants: [{ id: 'p1', purpose: 'customer', connectedTime: iso(T0), calls: [{ id: 's1', state: 'connected', connectedTime: iso(changedAt) }] }],
});

describe('ReceiveLag', () => {
  it('estimates a channel’s lag as the smallest arrival-minus-newest-timestamp of its recent frames', () => {
    const lag = new ReceiveLag();
    lag.offer('ch1', snapshot(T0 + 1_000), T0 + 61_000); // 60 s behind
    lag.offer('ch1', snapshot(T0 + 2_000), T0 + 75_000); // a change timestamped earlier than it was sent: bound 73 s
    lag.offer('ch2', snapshot(T0 + 5_000), T0 + 5_200);
    expect(lag.take('ch1')).toBe(60_000);
    expect(lag.take('ch2')).toBe(200);
  });

  it('forgets a channel once asked, so its next socket starts afresh', () => {
    const lag = new ReceiveLag();
    lag.offer('ch1', snapshot(T0), T0 + 50_000);
    expect(lag.take('ch1')).toBe(50_000);
    expect(lag.take('ch1')).toBeUndefined();
  });

  it('follows a growing backlog: only the newest frames count', () => {
    const lag = new ReceiveLag();
    lag.offer('ch1', snapshot(T0), T0 + 100); // before the backlog
    for (let i = 1; i <= 16; i++) lag.offer('ch1', snapshot(T0 + i * 1_000), T0 + i * 1_000 + 40_000);
    expect(lag.take('ch1')).toBe(40_000);
  });

  it('ignores frames with no timestamp or no participants, and never goes below zero', () => {
    const lag = new ReceiveLag();
    lag.offer('ch1', { id: 'c1' }, T0);
    lag.offer('ch1', { id: 'c1', participants: [{ id: 'p1' }] }, T0);
    expect(lag.take('ch1')).toBeUndefined();
    lag.offer('ch1', snapshot(T0 + 2_000), T0); // the server clock estimate is a little behind
    expect(lag.take('ch1')).toBe(0);
  });

  it('remembers at most maxChannels channels, the oldest going first', () => {
    const lag = new ReceiveLag(2);
    for (const ch of ['a', 'b', 'c']) lag.offer(ch, snapshot(T0), T0 + 10);
    expect([lag.take('a'), lag.take('b'), lag.take('c')]).toEqual([undefined, 10, 10]);
  });
});
