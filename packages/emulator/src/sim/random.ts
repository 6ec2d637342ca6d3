/**
 * A small seeded PRNG (mulberry32). The simulation draws every random choice, including ids,
 * from one generator in event order, so the same seed replays the same contact center.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean (the gaps of a Poisson process). */
  exponential(mean: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight; weights must not all be zero. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K;
  /** A UUID-shaped (version 4) id. */
  uuid(): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / 4294967296;
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

  return {
    next,
    between: (min, max) => min + next() * (max - min),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    // 1 - next() is in (0, 1], so the log is finite.
    exponential: (mean) => -Math.log(1 - next()) * mean,
    pick(items) {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(weights) {
      const entries = Object.entries(weights).filter(([, w]) => typeof w === 'number' && w > 0) as [string, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      if (entries.length === 0) throw new RangeError('weighted pick needs at least one positive weight');
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key as never;
      }
      return entries[entries.length - 1]![0] as never;
    },
    uuid() {
      const a = nextUint32();
      const b = nextUint32();
      const c = nextUint32();
      const d = nextUint32();
      const timeHi = ((b & 0x0fff) | 0x4000) >>> 0;
      const clockSeq = (((c >>> 16) & 0x3fff) | 0x8000) >>> 0;
      return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(timeHi, 4)}-${hex(clockSeq, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
    },
  };
}
