import { describe, expect, it } from 'vitest';
import { plainMaker } from './plain.js';

interface Kind {
  readonly id: string;
  readonly at?: number;
  readonly note?: string;
}

describe('plainMaker', () => {
  it('makes plain objects with no keys until they are set, in the order they are set', () => {
    const make = plainMaker<Kind>()(['id', 'at', 'note']);
    const made = make();
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(Object.keys(made)).toEqual([]);
    expect(JSON.stringify(made)).toBe('{}');
    made.id = 'a';
    made.note = 'n';
    expect(Object.keys(made)).toEqual(['id', 'note']);
    expect(made).toStrictEqual({ id: 'a', note: 'n' });
  });

  it('refuses a kind with more keys than it has room for', () => {
    const keys = Array.from({ length: 25 }, (_, i) => `k${i}`);
    expect(() => plainMaker<Record<string, number>>()(keys as never)).toThrow(/25 keys: plainMaker has room for 24/);
  });
});
