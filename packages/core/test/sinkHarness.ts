import type { Logger } from 'pino';
import { createMetrics } from '../src/metrics/metrics.js';
import type { GenesysEvent } from '../src/model/events.js';
import { sinkEngineDefaults, type SinkEngineInput } from '../src/sinks/sinkEngineOptions.js';
import { createSinkRunner } from '../src/sinks/sinkRunner.js';
import { silentLogger, type recordingSink } from './pipelineSupport.js';
import { virtualClock } from './virtualClock.js';

/** A sink runner on a virtual clock, for the engine's tests; dead letters are kept as `[n, reason]`. */
export const n = (event: GenesysEvent) => (event.eventBody as { n: number }).n;

export function runner(sink: ReturnType<typeof recordingSink>['sink'], engine: SinkEngineInput, dead: Array<[number, string]> = [], options: { logger?: Logger } = {}) {
  const metrics = createMetrics();
  const clock = virtualClock();
  const attempts: number[] = [];
  const r = createSinkRunner({
    name: 'test',
    sink,
    engine: sinkEngineDefaults(engine),
    logger: options.logger ?? silentLogger,
    metrics,
    random: () => 0.5,
    scheduler: clock.scheduler,
    receivedAt: (event) => event.receivedAt,
    deadLetter: (event: GenesysEvent, reason, tries) => {
      dead.push([n(event), reason]);
      attempts.push(tries);
    },
  });
  return { r, metrics, dead, attempts, clock, advance: clock.advance };
}

export const writes = (rec: ReturnType<typeof recordingSink>) => rec.calls.filter((c) => c === 'write').length;

