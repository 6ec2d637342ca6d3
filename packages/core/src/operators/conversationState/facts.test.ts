import { describe, expect, it } from 'vitest';
import { sharedId } from './facts.js';

describe('sharedId', () => {
  it('gives one string object for every copy of an id', () => {
    const id = '8f1c7a52-4b1e-4a43-9d0e-3f5b2c6a7d10';
    const first = sharedId(JSON.parse(JSON.stringify(id)) as string);
    const again = sharedId(JSON.parse(JSON.stringify(id)) as string);
    expect(again).toBe(first);
    expect(again).toBe(id);
    expect(sharedId(undefined)).toBeUndefined();
  });
});
