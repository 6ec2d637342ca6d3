import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyTopic, decodeFrame, isDeadLetter } from '@gcstream/core';
import { arbAnyFrameText, arbEventStreamWithDuplicates, arbGenesysFrame, arbMutatedFrame } from './index.js';

describe('testkit arbitraries', () => {
  it('arbGenesysFrame covers every known family, in both delivery forms', () => {
    for (const source of ['websocket', 'eventbridge'] as const) {
      const families = new Set(fc.sample(arbGenesysFrame({ source }), { numRuns: 400, seed: 7 }).map((f) => {
        const out = decodeFrame(f);
        if (isDeadLetter(out)) throw new Error(out.reason);
        return out.family;
      }));
      expect([...families].sort()).toEqual(['activity', 'conversation', 'detail', 'observation', 'presence', 'routing-status', 'transcription']);
    }
  });

  it('arbMutatedFrame and arbAnyFrameText produce both decodable and broken frames', () => {
    const outcomes = fc.sample(arbMutatedFrame(), { numRuns: 300, seed: 3 }).map((f) => isDeadLetter(decodeFrame(f)));
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
    const texts = fc.sample(arbAnyFrameText(), { numRuns: 300, seed: 3 });
    expect(texts.some((t) => t.startsWith('{"topicName"'))).toBe(true);
  });

  it('arbEventStreamWithDuplicates repeats keys', () => {
    const streams = fc.sample(arbEventStreamWithDuplicates(), { numRuns: 50, seed: 1 });
    expect(streams.some((xs) => new Set(xs.map((e) => e.key)).size < xs.length)).toBe(true);
    expect(classifyTopic(streams[0]?.[0]?.topicName ?? 'v2.test').family).toBe('unknown');
  });
});
