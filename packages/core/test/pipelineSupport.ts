import { pino } from 'pino';
import { mergeMap } from 'rxjs';
import type { GenesysEvent, RawFrame } from '../src/model/events.js';
import type { Sink } from '../src/sinks/defineSink.js';
import type { PipelineStage } from '../src/pipeline/runPipeline.js';

export const silentLogger = pino({ level: 'silent' });

export function testEvent(n: number): GenesysEvent {
  return {
    topicName: `v2.routing.queues.q1.conversations`,
    version: '2',
    eventBody: { n },
    metadata: {},
    topic: 'v2.routing.queues.{id}.conversations',
    family: 'conversation',
    ids: ['q1'],
    eventTime: n,
    receivedAt: n,
    source: 'websocket',
    key: `k${n}`,
  };
}

export function frame(n: number): RawFrame {
  return { data: JSON.stringify({ n }), channelId: 'c1', receivedAt: n };
}

/** A decode for tests: `{"n":1}` becomes event 1, anything else a dead letter. */
export const testDecode: PipelineStage<RawFrame, GenesysEvent> = {
  name: 'decode',
  create: (ctx) =>
    mergeMap((raw: RawFrame) => {
      try {
        return [testEvent((JSON.parse(raw.data) as { n: number }).n)];
      } catch {
        ctx.deadLetter({ stage: 'decode', reason: 'not JSON', payload: raw.data, at: 0 });
        return [];
      }
    }),
};

/** A sink that records its batches; `fail` decides per call whether to throw. */
export function recordingSink(fail?: (call: number, batch: readonly GenesysEvent[]) => unknown) {
  const batches: number[][] = [];
  const calls: string[] = [];
  let call = 0;
  const sink: Sink = {
    async connect() {
      calls.push('connect');
    },
    async write(batch) {
      const thisCall = call++;
      calls.push('write');
      const error = fail?.(thisCall, batch);
      if (error instanceof Promise) await error;
      else if (error) throw error;
      batches.push(batch.map((e) => (e.eventBody as { n: number }).n));
    },
    async close() {
      calls.push('close');
    },
  };
  return { sink, batches, calls, delivered: () => batches.flat() };
}
