import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { from, toArray } from 'rxjs';
import { arbAnyFrameText, arbGenesysFrame, arbHeartbeat, arbMutatedFrame, toEventBridgeEvent, arbGenesysEnvelope } from '@gcstream/testkit';
import type { DeadLetter, RawFrame } from '../model/events.js';
import { decode, decodeFrame, isDeadLetter } from './decode.js';

const asFrame = (data: string): RawFrame => ({ data, channelId: 'c', receivedAt: 1 });

describe('decode properties', () => {
  it('never throws on any string, and a dead letter always carries the raw text and a reason', () => {
    fc.assert(
      fc.property(arbAnyFrameText(), (text) => {
        const out = decodeFrame(asFrame(text));
        if (isDeadLetter(out)) {
          expect(out.payload).toBe(text);
          expect(out.reason.length).toBeGreaterThan(0);
        } else {
          expect(typeof out.key).toBe('string');
          expect(Number.isFinite(out.eventTime)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never stops the stream: every frame is either emitted or dead-lettered (system frames dropped)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(arbMutatedFrame(), arbGenesysFrame(), arbHeartbeat().map((h) => asFrame(JSON.stringify(h))))), (frames) => {
        const letters: DeadLetter[] = [];
        let emitted = 0;
        let completed = false;
        from(frames)
          .pipe(decode({ onDeadLetter: (l) => letters.push(l) }), toArray())
          .subscribe({ next: (xs) => (emitted = xs.length), complete: () => (completed = true) });
        const system = frames.filter((f) => {
          const out = decodeFrame(f);
          return !isDeadLetter(out) && out.family === 'system';
        }).length;
        expect(completed).toBe(true);
        expect(emitted + letters.length + system).toBe(frames.length);
      }),
      { numRuns: 100 },
    );
  });

  it('decodes every valid frame of a known family, keeping topic name, body and CorrelationId key', () => {
    fc.assert(
      fc.property(arbGenesysFrame(), (frame) => {
        const out = decodeFrame(frame);
        if (isDeadLetter(out)) throw new Error(out.reason);
        const env = JSON.parse(frame.data);
        expect(out.topicName).toBe(env.topicName);
        expect(out.eventBody).toEqual(env.eventBody);
        expect(out.family).not.toBe('unknown');
        expect(out.key).toBe(`${env.topicName}|${env.metadata.CorrelationId}`);
        expect(out.source).toBe('websocket');
      }),
      { numRuns: 300 },
    );
  });

  it('gives the EventBridge copy of a notification the key and event of the WebSocket copy', () => {
    fc.assert(
      fc.property(arbGenesysEnvelope(), (env) => {
        const ws = decodeFrame(asFrame(JSON.stringify(env)));
        const eb = decodeFrame({ ...asFrame(JSON.stringify(toEventBridgeEvent(env))), source: 'eventbridge' });
        if (isDeadLetter(ws) || isDeadLetter(eb)) throw new Error('expected both to decode');
        const { eventTime: ebTime, source: ebSource, ...ebRest } = eb;
        const { eventTime: wsTime, source: _wsSource, ...wsRest } = ws;
        expect(ebRest).toEqual(wsRest);
        expect(ebSource).toBe('eventbridge');
        // A body without its own time falls back to the EventBridge timestamp, not to receipt.
        if (wsTime !== ws.receivedAt) expect(ebTime).toBe(wsTime);
      }),
      { numRuns: 200 },
    );
  });
});
