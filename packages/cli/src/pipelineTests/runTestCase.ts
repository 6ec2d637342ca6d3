import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  createMetrics,
  decodeStage,
  runPipeline,
  type DeadLetter,
  type GenesysEvent,
  type OperatorContext,
  type PipelineStage,
  type PipelineTestCase,
  type RawFrame,
  type ResolvedSink,
} from '@gcstream/core';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { caseFrames } from './caseInputs.js';
import { compareOutput } from './expectations.js';
import { throwawaySink } from './throwawaySink.js';

export interface TestCaseResult {
  readonly name: string;
  /** Why the case failed; empty when it passed. */
  readonly failures: readonly string[];
}

export interface TestCaseContext {
  /** The config's folder: `inputFile` is relative to it. @default the working directory */
  readonly baseDir?: string;
  /** The config's sinks, for cases that name one with `sink:`. */
  readonly sinks?: readonly ResolvedSink[];
}

/**
 * Feeds a case's inputs through decode and the pipeline's operators and compares what comes out;
 * with `sink:`, through that sink too (pointed at a throwaway destination), comparing what it wrote.
 */
export async function runTestCase(testCase: PipelineTestCase, operators: readonly PipelineStage[], context: TestCaseContext = {}): Promise<TestCaseResult> {
  const frames = await caseFrames(testCase, context.baseDir ?? process.cwd());
  try {
    const failures = testCase.sink === undefined ? await throughOperators(testCase, frames, operators) : await throughSink(testCase, testCase.sink, frames, operators, context.sinks ?? []);
    return { name: testCase.name, failures };
  } catch (error) {
    if ((error as { usage?: unknown }).usage === true) throw error;
    return { name: testCase.name, failures: [`the pipeline failed: ${(error as Error).message ?? String(error)}`] };
  }
}

async function throughOperators(testCase: PipelineTestCase, frames: readonly RawFrame[], operators: readonly PipelineStage[]): Promise<string[]> {
  const letters: DeadLetter[] = [];
  const ctx: OperatorContext = { logger: createLogger({ level: 'silent' }), metrics: createMetrics(), scheduler: asyncScheduler, deadLetter: (letter) => letters.push(letter) };
  let events$ = from(frames).pipe(decodeStage.create(ctx));
  for (const stage of operators) events$ = events$.pipe(stage.create(ctx));
  const events: GenesysEvent[] = await lastValueFrom(events$.pipe(toArray()));
  return compareOutput(testCase.expect, events, letters);
}

async function throughSink(testCase: PipelineTestCase, label: string, frames: readonly RawFrame[], operators: readonly PipelineStage[], sinks: readonly ResolvedSink[]): Promise<string[]> {
  const target = await throwawaySink(label, sinks);
  const scratch = await mkdtemp(join(tmpdir(), 'gcstream-test-letters-'));
  const deadLetterFile = join(scratch, 'dead-letters.ndjson');
  try {
    const summary = await runPipeline({ source$: from(frames), operators, sinks: [target.sink], logger: createLogger({ level: 'silent' }), metrics: createMetrics(), baseDir: scratch, deadLetterFile, shutdownTimeout: 30_000 });
    if (summary.reason === 'failed') return [`the pipeline failed: ${(summary.error as Error | undefined)?.message ?? String(summary.error)}`];
    const letters = await readLetters(deadLetterFile);
    return compareOutput(testCase.expect, await target.readOutput(), letters, target.unit);
  } finally {
    await target.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}

async function readLetters(file: string): Promise<Array<{ reason: string }>> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { reason: string });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
