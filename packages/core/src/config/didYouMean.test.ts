import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { didYouMean } from './didYouMean.js';

const key = fc.stringMatching(/^[a-z][a-zA-Z]{4,15}$/);

describe('didYouMean', () => {
  it('suggests the intended key for common typos', () => {
    const allowed = ['region', 'baseUrl', 'clientId', 'clientSecret', 'topics', 'queues', 'users', 'backfill'];
    expect(didYouMean('clientSecrte', allowed)).toBe('clientSecret');
    expect(didYouMean('ClientID', allowed)).toBe('clientId');
    expect(didYouMean('backfil', allowed)).toBe('backfill');
    expect(didYouMean('topic', allowed)).toBe('topics');
    expect(didYouMean('something', allowed)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('finds a key from a one-letter slip, and suggests nothing closer than the best match', () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat(), (allowed, pick, at) => {
        const intended = allowed[pick % allowed.length]!;
        const i = at % intended.length;
        const typo = intended.slice(0, i) + intended.slice(i + 1);
        const suggestion = didYouMean(typo, allowed);
        expect(suggestion).toBeDefined();
        const best = Math.min(...allowed.map((a) => distance(typo.toLowerCase(), a.toLowerCase())));
        expect(distance(typo.toLowerCase(), suggestion!.toLowerCase())).toBe(best);
      }),
    );
  });
});
