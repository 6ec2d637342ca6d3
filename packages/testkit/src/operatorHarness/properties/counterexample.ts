import { testCaseSchema, type PipelineTestCase } from '@gcstream/core';
import { Document } from 'yaml';
import type { OperatorInput } from '../inputs.js';

/** The case a failing property leaves behind, as the `tests:` of a pipeline config holds it. */
export interface Counterexample {
  readonly name: string;
  readonly input: readonly OperatorInput[];
  readonly expect: PipelineTestCase['expect'];
}

/** An input as a config writes it: the notification (topicName, eventBody, metadata), or `{ frame }`. */
function asConfigInput(input: OperatorInput): Record<string, unknown> {
  if ('frame' in input && typeof input.frame === 'string') return { frame: input.frame };
  const { topicName, eventBody } = input as { topicName: string; eventBody: unknown };
  const metadata = (input as { metadata?: Record<string, unknown> }).metadata;
  return { topicName, eventBody, ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}) };
}

/**
 * The counterexample as YAML for a config's `tests:` list: a comment saying what failed, then
 * one case. The case is checked against the `tests:` schema before it is printed, so what is
 * pasted validates.
 */
export function counterexampleYaml(example: Counterexample, comment: string): string {
  const testCase = { name: example.name, input: example.input.map(asConfigInput), expect: example.expect };
  testCaseSchema.parse(testCase);
  const document = new Document([testCase]);
  document.commentBefore = comment
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  return document.toString({ lineWidth: 0 });
}
