import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchQueue } from './_batchQueue.js';

describe('BatchQueue', () => {
  it('gives batches of at most size, oldest first', () => {
    const queue = new BatchQueue<number>(3);
    for (let n = 1; n <= 7; n++) queue.push(n);
    expect(queue.length).toBe(7);
    expect(queue.take()).toEqual([1, 2, 3]);
    queue.push(8);
    expect(queue.take()).toEqual([4, 5, 6]);
    expect(queue.takeAll()).toEqual([7, 8]);
    expect(queue.length).toBe(0);
    expect(queue.take()).toEqual([]);
  });

  it('keeps order and count under any interleaving of pushes and takes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.constantFrom('push', 'push', 'take', 'shift'), { maxLength: 300 }), (size, ops) => {
        const queue = new BatchQueue<number>(size);
        const out: number[] = [];
        let next = 0;
        for (const op of ops) {
          if (op === 'push') queue.push(next++);
          else if (op === 'shift') {
            // drop-oldest: the oldest goes out alone, in order with the batches.
            const oldest = queue.shift();
            if (oldest !== undefined) out.push(oldest);
          } else {
            const batch = queue.take();
            expect(batch.length).toBeLessThanOrEqual(size);
            out.push(...batch);
          }
          expect(queue.length).toBe(next - out.length);
        }
        out.push(...queue.takeAll());
        expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
      }),
    );
  });
});
