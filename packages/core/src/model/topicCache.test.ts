import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopicCache } from './topicCache.js';
import { cyrb53, eventKey, hashStateAfter, keyHash } from './eventKey.js';
import { classifyTopicUncached, decodedTopic } from './topics.js';

describe('TopicCache', () => {
  it('finds every name it holds, holds at most maxEntries, and forgets the oldest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom(...Array.from({ length: 20 }, (_, i) => `v2.users.${'0'.repeat(i % 3)}${i}.presence`)), { maxLength: 200 }), (max, names) => {
        let made = 0;
        const cache = new TopicCache(max, (name) => ({ name, n: made++ }));
        const held: string[] = []; // the model: names in the order they were made, newest last
        const lastValue = new Map<string, unknown>();
        for (const name of names) {
          const copy = (' ' + name).slice(1); // a different string object, as every frame brings
          const before = made;
          const entry = cache.get(copy);
          expect(entry.value.name).toBe(name);
          if (held.includes(name)) {
            expect(made).toBe(before);
            expect(entry.value).toBe(lastValue.get(name));
          } else {
            expect(made).toBe(before + 1);
            held.push(name);
            if (held.length > max) held.shift();
            lastValue.set(name, entry.value);
          }
          expect(cache.size).toBe(held.length);
        }
      }),
    );
  });
});

describe('the dedupe hash from a topic entry', () => {
  it('is the hash of the whole key, with or without the state decode keeps', () => {
    const topic = 'v2.routing.queues.8f1c7a52-4b1e-4a43-9d0e-3f5b2c6a7d10.conversations';
    for (const state of [undefined, hashStateAfter(topic), decodedTopic(topic).afterTopic]) {
      const key = eventKey(topic, 'c0ffee00-1234-4abc-8def-001122334455', {}, state);
      expect(keyHash(key)).toBe(cyrb53(key));
    }
    expect(decodedTopic(topic).classification).toEqual(classifyTopicUncached(topic));
  });
});
