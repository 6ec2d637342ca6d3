import { testCaseSchema, type PipelineTestCase } from '@gcstream/core';
import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { OperatorInput } from '../inputs.js';

/** The case a failing property leaves behind, as the `tests:` of a pipeline config holds it. */
export interface Counterexample {
  readonly name: string;
  readonly input: readonly OperatorInput[];
  readonly expect: PipelineTestCase['expect'];
}

const FLOW_LISTS = new Set(['calls', 'callbacks', 'chats', 'emails', 'messages', 'videos', 'transcripts', 'data']);
const FLOW_MAPS = new Set(['metadata', 'wrapup', 'afterCallWork', 'attributes', 'conversationRoutingData', 'group']);

const EMPTY_DROPPED = new Set([...FLOW_LISTS, 'attributes']);

/** Leaves out empty media lists and attributes, which read the same to gcstream as absent ones. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const empty = Array.isArray(v) ? v.length === 0 : v !== null && typeof v === 'object' && Object.keys(v).length === 0;
    if (!(empty && EMPTY_DROPPED.has(key))) out[key] = withoutEmpty(v);
  }
  return out;
}

/** An input as a config writes it: the notification (topicName, eventBody, metadata), or `{ frame }`. */
function asConfigInput(input: OperatorInput): Record<string, unknown> {
  if ('frame' in input && typeof input.frame === 'string') return { frame: input.frame };
  const { topicName } = input as { topicName: string };
  const eventBody = withoutEmpty((input as { eventBody: unknown }).eventBody);
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
  // Copies, not anchors: the same body sent on two queues' topics reads as two notifications.
  const document = new Document([testCase], { aliasDuplicateObjects: false });
  // A media item, a wrap-up or metadata on one line each: a conversation body stays a screenful.
  visit(document, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if (isSeq(pair.value) && FLOW_LISTS.has(key)) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      if (isMap(pair.value) && FLOW_MAPS.has(key)) pair.value.flow = true;
    },
  });
  document.commentBefore = comment
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  return document.toString({ lineWidth: 0 });
}
