import { eventJson } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { eventsAt } from '../test/events.js';
import { LineBuffers } from './lineBuffers.js';

describe('line buffers', () => {
  it('lays each file\'s lines side by side in batch order, growing past the first size, and reuses the buffer once released', () => {
    const buffers = new LineBuffers();
    // Over a megabyte of lines: more than the first buffer holds.
    const big = eventsAt(1500, 1_700_000_000_000).map((event, i) => ({ ...event, note: `${i}:${'ü'.repeat(400)}` }));
    const a = big.filter((_, i) => i % 3 !== 0);
    const b = big.filter((_, i) => i % 3 === 0);
    const lines = (events: readonly object[]) => events.map((e) => `${eventJson(e as never)}\n`).join('');
    const batch = buffers.encode(new Map([['a.ndjson', { group: 'a', events: a }], ['b.ndjson', { group: 'b', events: b }]]));
    const partA = batch.ranges.get('a.ndjson')!;
    const partB = batch.ranges.get('b.ndjson')!;
    expect(batch.buffer.subarray(partA.start, partA.end).toString('utf8')).toBe(lines(a));
    expect(batch.buffer.subarray(partB.start, partB.end).toString('utf8')).toBe(lines(b));
    expect(partB.start).toBe(partA.end);
    expect(batch.buffer.length).toBeGreaterThan(1 << 19);
    buffers.release(batch);
    const next = buffers.encode(new Map([['a.ndjson', { group: 'a', events: a.slice(0, 2) }]]));
    expect(next.buffer).toBe(batch.buffer);
    expect(next.buffer.subarray(0, next.ranges.get('a.ndjson')!.end).toString('utf8')).toBe(lines(a.slice(0, 2)));
  });
});
