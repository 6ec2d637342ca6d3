import { describe, expect, it } from 'vitest';
import { pacedBudget } from './highRatePump.js';

describe('pacedBudget', () => {
  it('is unbounded without a rate', () => {
    expect(pacedBudget(undefined, 0, 10, 1_000_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it('allows what the rate earned since the start, less what was sent', () => {
    expect(pacedBudget(10_000, 1000, 1000, 0)).toBe(0);
    expect(pacedBudget(10_000, 1000, 1250, 0)).toBe(2500);
    expect(pacedBudget(10_000, 1000, 1250, 2400)).toBe(100);
    expect(pacedBudget(10_000, 1000, 1250, 3000)).toBe(0);
  });
});
