import {
  createLogger,
  createMetrics,
  decodeStage,
  type DeadLetter,
  type GenesysEvent,
  type OperatorContext,
  type PipelineStage,
  type PipelineTestCase,
  type RawFrame,
} from '@gcstream/core';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { firstMismatch } from './partialMatch.js';

export interface TestCaseResult {
  readonly name: string;
  /** Why the case failed; empty when it passed. */
  readonly failures: readonly string[];
}

/** Feeds a case's inputs through decode and the pipeline's operators and compares what comes out. */
export async function runTestCase(testCase: PipelineTestCase, operators: readonly PipelineStage[]): Promise<TestCaseResult> {
  const letters: DeadLetter[] = [];
  const ctx: OperatorContext = { logger: createLogger({ level: 'silent' }), metrics: createMetrics(), scheduler: asyncScheduler, deadLetter: (letter) => letters.push(letter) };
  const frames: RawFrame[] = testCase.input.map((input, index) => ({
    data: 'frame' in input && typeof input.frame === 'string' ? input.frame : JSON.stringify(input),
    channelId: 'gcstream-test',
    receivedAt: Date.UTC(2026, 0, 1) + index,
  }));
  let events$ = from(frames).pipe(decodeStage.create(ctx));
  for (const stage of operators) events$ = events$.pipe(stage.create(ctx));
  let events: GenesysEvent[];
  try {
    events = await lastValueFrom(events$.pipe(toArray()));
  } catch (error) {
    return { name: testCase.name, failures: [`the pipeline failed: ${(error as Error).message ?? String(error)}`] };
  }

  const failures: string[] = [];
  const { expect } = testCase;
  if (expect.count !== undefined && events.length !== expect.count) failures.push(`expected ${expect.count} events, got ${events.length}`);
  if (expect.deadLetters !== undefined && letters.length !== expect.deadLetters) {
    failures.push(`expected ${expect.deadLetters} dead letters, got ${letters.length}${letters.length ? ` (${letters.map((l) => l.reason).join('; ')})` : ''}`);
  }
  if (expect.events !== undefined) {
    if (events.length !== expect.events.length) failures.push(`expected ${expect.events.length} events, got ${events.length}`);
    expect.events.forEach((pattern, index) => {
      const mismatch = firstMismatch(events[index], pattern, `events[${index}]`);
      if (mismatch) failures.push(mismatch);
    });
  }
  return { name: testCase.name, failures: [...new Set(failures)] };
}
