import { createLogger, createMetrics, type DeadLetter, type Metrics, type OperatorContext } from '@gcstream/core';
import type { SchedulerLike } from 'rxjs';

/** An operator context for tests: a silent logger, fresh metrics, the given clock, and dead letters kept in a list. */
export interface TestOperatorContext {
  readonly ctx: OperatorContext;
  readonly deadLetters: DeadLetter[];
  readonly metrics: Metrics;
}

export function createTestOperatorContext(scheduler: SchedulerLike): TestOperatorContext {
  const deadLetters: DeadLetter[] = [];
  const metrics = createMetrics();
  const ctx: OperatorContext = { logger: createLogger({ level: 'silent' }), metrics, scheduler, deadLetter: (letter) => deadLetters.push(letter) };
  return { ctx, deadLetters, metrics };
}
