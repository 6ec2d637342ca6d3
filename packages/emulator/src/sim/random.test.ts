import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const r = createRandom(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('makes UUID-shaped version 4 ids', () => {
    const r = createRandom(1);
    const ids = Array.from({ length: 200 }, () => r.uuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws exponential gaps with the requested mean and weighted picks in proportion', () => {
    const r = createRandom(3);
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += r.exponential(100);
    expect(sum / n).toBeGreaterThan(95);
    expect(sum / n).toBeLessThan(105);
    let a = 0;
    for (let i = 0; i < n; i++) if (r.weighted({ a: 3, b: 1, c: 0 }) === 'a') a++;
    expect(a / n).toBeGreaterThan(0.72);
    expect(a / n).toBeLessThan(0.78);
  });

  it('keeps ints in range, both ends inclusive', () => {
    const r = createRandom(9);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(2, 4));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
});
