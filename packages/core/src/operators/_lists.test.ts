import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findById, withAdded, withInsertedById } from './_lists.js';

const item = (id: string) => ({ id });

describe('lists by id', () => {
  it('finds an item by id, trying the hinted index first', () => {
    const list = [item('a'), item('b'), item('c')];
    expect(findById(list, 'b')).toBe(list[1]);
    expect(findById(list, 'c', 2)).toBe(list[2]);
    expect(findById(list, 'a', 2)).toBe(list[0]);
    expect(findById(list, 'x', 9)).toBeUndefined();
  });

  it('adds to a copy, leaving the list (which a record may share) as it was', () => {
    const list = Object.freeze([item('a')]);
    const added = withAdded(list, item('b'));
    expect(added.map((x) => x.id)).toEqual(['a', 'b']);
    expect(list.map((x) => x.id)).toEqual(['a']);
    expect(withAdded(Object.freeze([]), item('z')).map((x) => x.id)).toEqual(['z']);
  });

  it('inserts in id order whatever order the ids come in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 12 }), (ids) => {
        let list: readonly { id: string }[] = Object.freeze([]);
        for (const id of ids) list = Object.freeze(withInsertedById(list, item(id)));
        expect(list.map((x) => x.id)).toEqual([...ids].sort());
      }),
    );
  });
});
