import { getHeapStatistics } from 'node:v8';
import fc from 'fast-check';
import { arbAnyFrameText, arbConversationTraffic, arbGenesysFrame, arbMutatedFrame } from '@gcstream/testkit';
import { Subject, VirtualTimeScheduler, merge, share } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DeadLetter, RawFrame } from '../src/model/events.js';
import { conversationState } from '../src/operators/conversationState/conversationState.js';
import { decode } from '../src/operators/decode.js';
import { dedupe } from '../src/operators/dedupe.js';
import { queueMetrics } from '../src/operators/queueMetrics/queueMetrics.js';

/**
 * Issue 13, fuzzing: at least 100 000 hostile frames through decode, dedupe, conversationState and
 * queueMetrics in one long-lived pipeline. Nothing throws or errors the stream, every frame is an
 * event or a dead letter with a reason, and memory stays bounded.
 */
const TOTAL = Number(process.env.GCSTREAM_FUZZ_FRAMES ?? 100_000);
const CHUNK = 2_000;
/** Frames sampled from the arbitraries per chunk; the rest of the chunk are cheap mutations of them. */
const FRESH = 200;
const frame = (data: string, receivedAt = 1_767_600_000_000): RawFrame => ({ data, channelId: 'fuzz', receivedAt });

/** Nested arrays `depth` deep: JSON.parse copes, a recursive walk of it might not. */
const deep = (depth: number) => `{"topicName":"v2.routing.queues.q1.conversations","eventBody":${'['.repeat(depth)}1${']'.repeat(depth)}}`;

/** Frames that a valid stream would never carry, of every kind the issue lists. */
const hostile: fc.Arbitrary<RawFrame> = fc.oneof(
  { arbitrary: arbMutatedFrame(), weight: 400 },
  { arbitrary: arbAnyFrameText().map((text) => frame(text)), weight: 300 },
  { arbitrary: arbGenesysFrame(), weight: 300 },
  // Truncated JSON at any byte.
  { arbitrary: fc.tuple(arbGenesysFrame(), fc.nat()).map(([f, at]) => ({ ...f, data: f.data.slice(0, at % Math.max(1, f.data.length)) })), weight: 200 },
  // Invalid UTF-8 as the socket's decoder would turn it into text, and lone surrogates.
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => frame(Buffer.concat([Buffer.from('{"topicName":"v2.users.u1.presence","eventBody":"'), Buffer.from(bytes), Buffer.from('"}')]).toString('utf8'))), weight: 100 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 50 }).map((s) => frame(`{"topicName":"v2.users.\uD800${s}.presence","eventBody":{"id":"\uDFFF"}}`)), weight: 100 },
  // Unknown topics and wrong types in known places.
  { arbitrary: fc.tuple(fc.stringMatching(/^v[0-9]\.[a-z.{}]{0,40}$/), fc.jsonValue()).map(([topicName, eventBody]) => frame(JSON.stringify({ topicName, eventBody, metadata: { CorrelationId: 42 } }))), weight: 100 },
  { arbitrary: fc.jsonValue().map((v) => frame(JSON.stringify({ topicName: 'v2.routing.queues.q1.conversations', version: v, eventBody: { id: v, participants: v }, metadata: v }))), weight: 100 },
  // Huge strings and deep nesting (rare: they are big).
  { arbitrary: fc.constantFrom(1_000_000, 4_000_000).map((n) => frame(JSON.stringify({ topicName: 'v2.users.u1.presence', eventBody: { id: 'x'.repeat(n) } }))), weight: 2 },
  { arbitrary: fc.constantFrom(1_000, 100_000).map((d) => frame(deep(d))), weight: 2 },
);

/** A byte-level mutation of a sampled frame: truncate, flip a bit, splice junk, or repeat it as is (for dedupe). */
const mutation = fc.tuple(fc.nat({ max: 4 }), fc.nat(), fc.nat({ max: 255 }), fc.string({ maxLength: 3, unit: 'binary' }));
function mutate(base: RawFrame, [op, at, bits, junk]: [number, number, number, string]): RawFrame {
  const text = base.data;
  const i = at % Math.max(1, text.length);
  switch (op) {
    case 0:
      return { ...base, data: text.slice(0, i) };
    case 1:
      return { ...base, data: text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (bits || 1)) + text.slice(i + 1) };
    case 2:
      return { ...base, data: text.slice(0, i) + junk + text.slice(i) };
    case 3:
      return { ...base, receivedAt: base.receivedAt + at };
    default:
      return base;
  }
}

/** Conversations whose notifications come in an impossible order (ends before starts, states shuffled). */
const impossible: fc.Arbitrary<RawFrame[]> = fc.tuple(arbConversationTraffic({ maxConversations: 3 }), fc.array(fc.nat(), { maxLength: 30 })).map(([traffic, swaps]) => {
  const envelopes = traffic.map((t) => t.envelope);
  envelopes.reverse();
  for (let i = 0; i + 1 < swaps.length; i += 2) {
    const a = swaps[i]! % Math.max(1, envelopes.length);
    const b = swaps[i + 1]! % Math.max(1, envelopes.length);
    [envelopes[a], envelopes[b]] = [envelopes[b]!, envelopes[a]!];
  }
  return envelopes.map((env, i) => frame(JSON.stringify(env), 1_767_600_000_000 + i));
});

describe('fuzzing the pipeline operators', () => {
  it(`${TOTAL} hostile frames: no throw, each one an event or a dead letter with a reason, bounded memory`, () => {
    const scheduler = new VirtualTimeScheduler();
    const frames$ = new Subject<RawFrame>();
    const letters: Record<string, number> = {};
    let reasonless = 0;
    const letter = (l: DeadLetter) => {
      if (typeof l.reason !== 'string' || l.reason.length === 0) reasonless++;
      letters[l.stage] = (letters[l.stage] ?? 0) + 1;
    };
    let decoded = 0;
    let afterDedupe = 0;
    let records = 0;
    let metricsOut = 0;
    let failure: unknown;
    const events$ = frames$.pipe(
      decode({ onDeadLetter: letter, keepSystem: true }),
      share(),
    );
    events$.subscribe(() => decoded++);
    const unique$ = events$.pipe(dedupe({ scheduler, maxEntries: 20_000, onDeadLetter: letter }), share());
    unique$.subscribe(() => afterDedupe++);
    const records$ = unique$.pipe(conversationState({ scheduler, maxConversations: 2_000, staleAfter: 30_000, onDeadLetter: letter }), share());
    records$.subscribe(() => records++);
    merge(records$, unique$)
      .pipe(queueMetrics({ scheduler, maxVisits: 20_000, keepIntervals: 4, emitInterval: 2_000 }))
      .subscribe({ next: () => metricsOut++, error: (error: unknown) => (failure = error) });
    records$.subscribe({ error: (error: unknown) => (failure = error) });

    const counts = { sampled: 0, mutated: 0 };
    const heapBefore = getHeapStatistics().used_heap_size;
    let sent = 0;
    let seed = 13;
    while (sent < TOTAL) {
      const fresh = [...fc.sample(hostile, { numRuns: FRESH, seed: seed++ }), ...fc.sample(impossible, { numRuns: 5, seed: seed++ }).flat()];
      const mutated = fc.sample(fc.tuple(fc.nat(), mutation), { numRuns: CHUNK - fresh.length, seed: seed++ }).map(([pick, m]) => mutate(fresh[pick % fresh.length]!, m));
      const batch = [...fresh, ...mutated];
      counts.sampled += fresh.length;
      counts.mutated += mutated.length;
      for (const f of batch) {
        frames$.next(f);
        sent++;
      }
      // Let time pass for stale sweeps and emissions. Not more: rxjs's VirtualAction nests one
      // subscription per repeat of a periodic timer, so hours of virtual time overflow the stack on
      // unsubscribe (the real asyncScheduler reuses its action and has no such chain).
      scheduler.maxFrames = scheduler.frame + 5_000;
      scheduler.flush();
    }
    frames$.complete();
    scheduler.maxFrames = Infinity;
    const heapGrowth = getHeapStatistics().used_heap_size - heapBefore;

    const decodeLetters = letters.decode ?? 0;
    console.log(
      `fuzz: ${sent} frames (${counts.sampled} sampled, ${counts.mutated} mutated) -> ${decoded} events + ${decodeLetters} decode dead letters; ${afterDedupe} after dedupe; ${records} conversation records; ${metricsOut} queueMetrics outputs; dead letters by stage ${JSON.stringify(letters)}; heap growth ${(heapGrowth / 1e6).toFixed(1)} MB`,
    );
    expect(failure).toBeUndefined();
    expect(reasonless).toBe(0);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    // Every frame is accounted for: an event or a dead letter.
    expect(decoded + decodeLetters).toBe(sent);
    expect(decodeLetters).toBeGreaterThan(sent / 10);
    expect(decoded).toBeGreaterThan(sent / 10);
    expect(records).toBeGreaterThan(0);
    // Caps on dedupe keys, conversations and visits bound the state; 100 000 frames must not pile up.
    expect(heapGrowth).toBeLessThan(400e6);
  }, 120_000);
});
