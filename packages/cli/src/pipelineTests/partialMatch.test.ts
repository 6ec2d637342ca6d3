import { describe, expect, it } from 'vitest';
import { firstMismatch } from './partialMatch.js';

describe('firstMismatch', () => {
  it('matches when the actual value has at least the listed fields', () => {
    expect(firstMismatch({ a: 1, b: { c: 'x', d: 2 } }, { b: { c: 'x' } })).toBeUndefined();
    expect(firstMismatch([{ a: 1, z: 0 }], [{ a: 1 }])).toBeUndefined();
  });

  it('names the path and both values of the first difference', () => {
    expect(firstMismatch({ b: { c: 'y' } }, { b: { c: 'x' } }, 'events[0]')).toBe('events[0].b.c: expected "x", got "y"');
    expect(firstMismatch({}, { a: 1 })).toBe('a: expected 1, got nothing');
    expect(firstMismatch({ list: [1] }, { list: [1, 2] })).toBe('list: expected 2 items, got 1');
    expect(firstMismatch('s', { a: 1 })).toBe('value: expected an object, got "s"');
  });

  it('reads a dotted key as a field path, as the rest of the config writes them', () => {
    const event = { eventBody: { id: 'c1', participants: [{ purpose: 'agent' }] } };
    expect(firstMismatch(event, { 'eventBody.id': 'c1', 'eventBody.participants.0.purpose': 'agent' })).toBeUndefined();
    expect(firstMismatch(event, { 'eventBody.id': 'c2' }, 'events[0]')).toBe('events[0].eventBody.id: expected "c2", got "c1"');
    expect(firstMismatch({ 'a.b': 1 }, { 'a.b': 1 })).toBeUndefined();
  });
});
