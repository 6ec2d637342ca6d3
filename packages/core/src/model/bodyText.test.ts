import fc from 'fast-check';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeFrame, isDeadLetter } from '../operators/decode.js';
import { bodyJson, bodyTextOf, eventJson, numberJson, writeEventLine } from './bodyText.js';
import type { GenesysEvent } from './events.js';

// A topic of no known family, so any body shape decodes (conversation bodies are checked against their schema).
const TOPIC = 'v2.example.widgets.6f1c2a8e-4b7d-4c1a-9e2f-0a1b2c3d4e5f.changes';
const CID = '9a6b5a09-000f-4000-8000-001769572cb7';

function decoded(data: string): GenesysEvent {
  const out = decodeFrame({ data, receivedAt: 1_700_000_000_000, channelId: 'c1' }, true);
  if (isDeadLetter(out)) throw new Error(out.reason);
  return out;
}

const frameOf = (eventBody: unknown, metadata: unknown = { CorrelationId: CID }) => JSON.stringify({ topicName: TOPIC, version: '2', eventBody, metadata });

/** Bodies of any JSON shape, keys that look like the envelope's included. */
const arbBody = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom('eventBody', 'metadata', 'topicName', 'CorrelationId')),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
);

describe('body text kept from the frame', () => {
  it('keeps the body as it arrived, and eventJson gives exactly JSON.stringify(event)', () => {
    fc.assert(
      fc.property(arbBody, (body) => {
        const event = decoded(frameOf(body));
        expect(bodyTextOf(event)).toBe(JSON.stringify(body));
        expect(eventJson(event)).toBe(JSON.stringify(event));
        expect(bodyJson(event)).toBe(JSON.stringify(event.eventBody));
      }),
      { numRuns: 500 },
    );
  });

  it('finds the envelope when the body itself holds ,"metadata": and "eventBody": members', () => {
    const body = { id: 'c1', eventBody: { metadata: { CorrelationId: CID } }, note: ',"metadata":{"CorrelationId":"x"}}' };
    const event = decoded(frameOf(body));
    expect(bodyTextOf(event)).toBe(JSON.stringify(body));
    expect(eventJson(event)).toBe(JSON.stringify(event));
  });

  it('keeps nothing for frames shaped otherwise, and eventJson still equals JSON.stringify', () => {
    const body = { id: 'c1', participants: [{ id: 'p1' }] };
    const frames = [
      // another key order, an extra member, whitespace, richer metadata, a numeric version
      JSON.stringify({ topicName: TOPIC, eventBody: body, version: '2', metadata: { CorrelationId: CID } }),
      JSON.stringify({ topicName: TOPIC, version: '2', eventBody: body, extra: { a: 1 }, metadata: { CorrelationId: CID } }),
      JSON.stringify({ topicName: TOPIC, version: '2', eventBody: body, metadata: { CorrelationId: CID } }, null, 1),
      frameOf(body, { CorrelationId: CID, other: 'x' }),
      JSON.stringify({ topicName: TOPIC, version: 2, eventBody: body, metadata: { CorrelationId: CID } }),
    ];
    for (const frame of frames) {
      const event = decoded(frame);
      expect(bodyTextOf(event)).toBeUndefined();
      expect(eventJson(event)).toBe(JSON.stringify(event));
    }
  });

  it('serializes what the event holds once its body is replaced (a map operator, a copy)', () => {
    const event = decoded(frameOf({ id: 'c1', state: 'alerting' }));
    const changed = { ...event, eventBody: { id: 'c1', state: 'connected' } };
    expect(bodyTextOf(changed)).toBeUndefined();
    expect(eventJson(changed)).toBe(JSON.stringify(changed));
    // A copy that keeps the body keeps its text.
    const copy = { ...event, key: 'other' };
    expect(bodyTextOf(copy)).toBe('{"id":"c1","state":"alerting"}');
    expect(eventJson(copy)).toBe(JSON.stringify(copy));
    // Against the contract, the very event decode made, its body replaced in place: written as it now is.
    const mutated = decoded(frameOf({ id: 'c2', state: 'alerting' })) as { -readonly [K in keyof GenesysEvent]: GenesysEvent[K] };
    mutated.eventBody = { id: 'c2', state: 'connected' };
    expect(eventJson(mutated)).toBe(JSON.stringify(mutated));
    const out = Buffer.alloc(4096);
    expect(out.toString('utf8', 0, writeEventLine(mutated, out, 0))).toBe(`${JSON.stringify(mutated)}\n`);
  });

  it('keeps nothing unless asked: decode alone (no sink to write JSON) pays nothing for it', () => {
    const out = decodeFrame({ data: frameOf({ id: 'c1' }), receivedAt: 1, channelId: 'c1' });
    expect(isDeadLetter(out) ? undefined : bodyTextOf(out)).toBeUndefined();
  });

  it('lets a dropped event and its body die young: what is kept for the text never reaches the body', async () => {
    // A value that held the event (and so the body it is keyed by) made every decoded body outlive
    // young-generation collections until a full one: 1.06 MB of these bodies reached the old
    // generation in each round below, against 2 KB or less now (the first round also promotes
    // what compiling the code left, so the least of three counts).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
    const frames = Array.from({ length: 200 }, (_, k) => frameOf({ id: `c${k}`, participants: Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, name: `n${i}-${k}` })) }));
    const oldSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
    const growth: number[] = [];
    for (let round = 0; round < 3; round++) {
      gc({ type: 'major' });
      const before = oldSpace();
      let kept = 0;
      for (const data of frames) if (bodyTextOf(decoded(data)) !== undefined) kept++;
      expect(kept).toBe(frames.length);
      await new Promise((resolve) => setImmediate(resolve));
      gc({ type: 'minor' });
      gc({ type: 'minor' });
      growth.push(oldSpace() - before);
    }
    expect(Math.min(...growth)).toBeLessThan(400_000);
  });

  it('writes a body that arrived with spacing or escapes as it arrived: the same JSON value', () => {
    const frame = `{"topicName":"${TOPIC}","version":"2","eventBody":{"name":"Caf\\u00e9", "n": 1.50},"metadata":{"CorrelationId":"${CID}"}}`;
    const event = decoded(frame);
    expect(bodyTextOf(event)).toBe('{"name":"Caf\\u00e9", "n": 1.50}');
    expect(JSON.parse(eventJson(event))).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it('equals JSON.stringify whatever the topic name and version hold (quotes, escapes, unicode), and after the envelope is changed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.oneof(fc.constant('2'), fc.string({ unit: 'grapheme' })),
        fc.constantFrom('same', 'topic', 'version', 'metadata', 'order', 'extra'),
        (topicName, version, change) => {
          const out = decodeFrame({ data: JSON.stringify({ topicName, version, eventBody: { id: 'c1', n: 1 }, metadata: { CorrelationId: CID } }), receivedAt: 1, channelId: 'c1' }, true);
          if (isDeadLetter(out)) return;
          const { topicName: t, version: v, eventBody, metadata, ...rest } = out;
          const event =
            change === 'topic' ? { ...out, topicName: `${t}x` }
            : change === 'version' ? { ...out, version: '3' }
            : change === 'metadata' ? { ...out, metadata: { ...metadata, extra: true } }
            : change === 'order' ? ({ version: v, topicName: t, eventBody, metadata, ...rest } as GenesysEvent)
            : change === 'extra' ? { ...out, note: 'added' }
            : out;
          expect(eventJson(event)).toBe(JSON.stringify(event));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes numbers as JSON.stringify does, epoch milliseconds included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 999_999_000, max: 100_000_000_000_001 }), fc.double(), fc.constantFrom(1e9, 1e14, 1e14 - 1, 1_764_000_000_000, -0, Number.NaN)), (n) => {
        expect(numberJson(n)).toBe(JSON.stringify(n));
      }),
      { numRuns: 20_000 },
    );
  });

  it('writeEventLine encodes exactly JSON.stringify(event) and a newline as UTF-8, after what is already in the buffer', () => {
    fc.assert(
      fc.property(arbBody, fc.string({ unit: 'grapheme' }), fc.boolean(), (body, note, copied) => {
        const out = decoded(frameOf({ ...body, note }));
        const event = copied ? { ...out, key: `${out.key}é` } : out;
        const buffer = Buffer.alloc(64 * 1024, 0xee);
        const end = writeEventLine(event, buffer, 3);
        expect(buffer.subarray(3, end).toString('utf8')).toBe(`${JSON.stringify(event)}\n`);
        expect(buffer.subarray(0, 3)).toEqual(Buffer.from([0xee, 0xee, 0xee]));
      }),
      { numRuns: 500 },
    );
  });

  it('writeEventLine writes nothing and answers -1 when the buffer may be too small', () => {
    const event = decoded(frameOf({ id: 'c1', name: 'Zoë' }));
    const line = Buffer.from(`${JSON.stringify(event)}\n`);
    const buffer = Buffer.alloc(line.length + 10, 0xee);
    expect(writeEventLine(event, buffer, 0)).toBe(-1);
    expect(buffer.every((byte) => byte === 0xee)).toBe(true);
    const roomy = Buffer.alloc(line.length * 3 + 3);
    expect(roomy.subarray(0, writeEventLine(event, roomy, 0))).toEqual(line);
  });

  it('writes the members decode adds as JSON.stringify does, with or without a channel, from any source, at any time', () => {
    fc.assert(
      fc.property(arbBody, fc.option(fc.string(), { nil: undefined }), fc.constantFrom(undefined, 'websocket', 'backfill', 'replay'), fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.double(), fc.constantFrom(0, -0, 9, 10, 1e21, 2 ** 53, 2 ** 53 + 2, -1_700_000_000_000)), (body, channelId, source, receivedAt) => {
        const out = decodeFrame({ data: frameOf(body), receivedAt, channelId, source } as never, true);
        if (isDeadLetter(out)) throw new Error(out.reason);
        expect(eventJson(out)).toBe(JSON.stringify(out));
        const buffer = Buffer.alloc(64 * 1024);
        expect(buffer.subarray(0, writeEventLine(out, buffer, 0)).toString()).toBe(`${JSON.stringify(out)}\n`);
      }),
      { numRuns: 500 },
    );
  });
});
