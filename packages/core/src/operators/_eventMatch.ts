/**
 * Which events a `filter` or `map` applies to: a topic pattern, a family, and a CEL expression
 * over the event's fields. CEL (Common Expression Language) is evaluated by an interpreter over
 * a parsed tree: it cannot reach globals or run code, and it is not Turing-complete, so a
 * pipeline file cannot run arbitrary JavaScript through it (no `eval`, no `new Function`).
 */
import { parse } from '@marcbachmann/cel-js';
import { z } from 'zod';
import type { EventFamily, GenesysEvent } from '../model/events.js';

const FAMILIES = ['conversation', 'transcription', 'detail', 'observation', 'presence', 'routing-status', 'activity', 'system', 'unknown'] as const satisfies readonly EventFamily[];

/**
 * Why `expression` is not CEL, with the column the parser stopped at (`unexpected character "="
 * at column 16`), or undefined when it parses.
 */
export function celProblem(expression: string): string | undefined {
  const parsed = parseCel(expression);
  return 'problem' in parsed ? parsed.problem : undefined;
}

type Evaluate = (context: Record<string, unknown>) => unknown;

/** The expression parsed once: its program, or why it is not CEL. */
function parseCel(expression: string): { readonly program: Evaluate } | { readonly problem: string } {
  try {
    return { program: parse(expression) as unknown as Evaluate };
  } catch (error) {
    const first = ((error as Error).message.split('\n')[0] ?? '').replace(/^Unexpected (character|token): (.*)$/, (_, what: string, found: string) => `unexpected ${what} "${found}"`);
    const at = (error as { node?: { start?: unknown } }).node?.start;
    return { problem: typeof at === 'number' ? `${first} at column ${at + 1}` : first };
  }
}

/** A zod check for a CEL expression: the parser's complaint, then `hint`. */
export const celExpression = (hint: string) =>
  z.string().superRefine((expression, ctx) => {
    const problem = celProblem(expression);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `not a valid CEL expression: ${problem}; ${hint}` });
  });

export interface EventMatchOptions {
  /**
   * Topic patterns, matched against the topic pattern (`v2.routing.queues.{id}.conversations`) or
   * the concrete topic name. `*` matches within one dot-separated part, `**` across parts:
   * `v2.routing.queues.*.conversations**` (with per-media suffixes), `v2.detail.events.**.acd.end`.
   */
  readonly topic?: string | readonly string[];
  /** Event families: conversation, detail, observation, transcription, presence, routing-status, activity, system, unknown. */
  readonly family?: EventFamily | readonly EventFamily[];
  /**
   * A CEL expression that must be true, with the event's fields as variables:
   * `family == "detail" && eventBody.acdOutcome == "ABANDON"`. Numbers from events are doubles:
   * write `eventBody.waitMs > 20000.0` or `int(eventBody.waitMs) > 20000`. A missing field makes the
   * expression false (test with `has(eventBody.x)`).
   */
  readonly where?: string;
}

const globToRegExp = (glob: string): RegExp => {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') (source += '.*'), i++;
    else if (c === '*') source += '[^.]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
};

export type CelProgram = ((context: Record<string, unknown>) => unknown) & { readonly source: string };

/** Parses a CEL expression once; a syntax error names the expression and where it went wrong. */
export function compileCel(expression: string, owner: string): CelProgram {
  const parsed = parseCel(expression);
  if ('problem' in parsed) throw new TypeError(`[gcstream] [operator:${owner}] the expression "${expression}" is not valid CEL: ${parsed.problem}`);
  const { program } = parsed;
  return Object.assign((context: Record<string, unknown>) => program(context), { source: expression });
}

/** The variables an expression sees: every field of the event, and the event itself as `event`. */
export const celContext = (event: GenesysEvent): Record<string, unknown> => ({ ...event, event });

/** True for a CEL error that only means "that field is not there". */
export const isMissingField = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'no_such_key' || code === 'unknown_variable';
};

/** Turns CEL values (bigint integers, Map objects) into JSON-friendly JavaScript values. */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (Array.isArray(value)) return value.map(fromCel);
  return value;
}

export interface EventMatcher {
  /** No topic, family or expression was given: everything matches. */
  readonly all: boolean;
  /** `true`/`false`, or an Error when the expression failed for another reason than a missing field. */
  test(event: GenesysEvent): boolean | Error;
}

/**
 * A topic pattern as a test: a pattern without `*` is compared as text, which costs far less than a
 * RegExp on every event. Placeholders are named as the source's `topics:` name them
 * (`{queueId}`, `{userId}`), while events carry their pattern with `{id}`: any `{name}` reads as
 * `{id}`, so a topic copied from the source config matches.
 */
const topicTest = (written: string): ((topic: string) => boolean) => {
  const glob = written.replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, '{id}');
  if (!glob.includes('*')) return (topic) => topic === glob;
  const re = globToRegExp(glob);
  return (topic) => re.test(topic);
};

/** Whether one of the topic tests takes the event's topic pattern or its topic name (a loop: `some` made a closure for every event). */
function matchesTopic(topics: readonly ((topic: string) => boolean)[], event: GenesysEvent): boolean {
  for (let i = 0; i < topics.length; i++) if (topics[i]!(event.topic) || topics[i]!(event.topicName)) return true;
  return false;
}

export function eventMatcher(options: EventMatchOptions, owner: string): EventMatcher {
  const topics = options.topic === undefined ? [] : (typeof options.topic === 'string' ? [options.topic] : [...options.topic]).map(topicTest);
  const families = options.family === undefined ? undefined : new Set<string>(typeof options.family === 'string' ? [options.family] : options.family);
  const where = options.where === undefined || options.where.trim() === '' ? undefined : compileCel(options.where, owner);
  return {
    all: topics.length === 0 && families === undefined && where === undefined,
    test(event) {
      if (families !== undefined && !families.has(event.family)) return false;
      if (topics.length > 0 && !matchesTopic(topics, event)) return false;
      if (where === undefined) return true;
      try {
        const result = where(celContext(event));
        if (typeof result !== 'boolean') return new TypeError(`the expression "${where.source}" gave ${typeof result}, not true or false`);
        return result;
      } catch (error) {
        if (isMissingField(error)) return false;
        return new TypeError(`the expression "${where.source}" failed: ${(error as Error).message.split('\n')[0]}`);
      }
    },
  };
}

/** The shared `topic` / `family` / `where` config fields of `filter` and `map`. */
export const eventMatchConfigShape = {
  topic: z.union([z.string(), z.array(z.string()).min(1)]).optional().meta({ description: 'Topic patterns: * within a dot-separated part, ** across parts; a placeholder such as {id} or {queueId} stands for any id.' }),
  family: z
    .union([z.enum(FAMILIES), z.array(z.enum(FAMILIES)).min(1)])
    .optional()
    .meta({ description: 'Event families: conversation, detail, observation, transcription, presence, routing-status, activity, system, unknown.' }),
  where: celExpression('CEL compares with == and joins with && and || (e.g. eventBody.acdOutcome == "ABANDON")')
    .optional()
    .meta({ description: 'A CEL expression over the event that must be true: family == "detail" && eventBody.acdOutcome == "ABANDON".' }),
};
