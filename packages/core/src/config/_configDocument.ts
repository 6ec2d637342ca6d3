import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { errors } from '../errors/errors.js';
import { interpolateDocument, type EnvProblem } from './_interpolateDocument.js';
import { createPositionFinder, type PositionFinder } from './_yamlPositions.js';
import type { Env } from './envInterpolation.js';

/** A config file read and filled in, not yet validated. */
export interface ConfigDocument {
  /** The name used in messages. */
  readonly file: string;
  readonly absolute: string;
  readonly baseDir: string;
  /** The document as plain data, env references filled in. */
  readonly raw: unknown;
  /** Paths of values that were exactly one env reference (see `_envCoercion.ts`). */
  readonly filled: ReadonlySet<string>;
  /** Paths of values that were exactly one env reference to a variable set but empty, with its name. */
  readonly emptied: ReadonlyMap<string, string>;
  readonly envProblems: readonly EnvProblem[];
  readonly positionOf: PositionFinder;
}

/**
 * The largest config gcstream reads: 1 MiB. The largest example pipeline is under 4 KiB, and
 * parsing a huge YAML file (or a log file named by mistake) would hold the process for seconds
 * before saying anything useful.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Parses the YAML and fills in env references, keeping positions for every later message. A YAML
 * syntax error is thrown at once: nothing after it could be trusted.
 */
export function readConfigDocument(text: string, file: string, options: { env?: Env | undefined; cwd?: string | undefined }): ConfigDocument {
  if (text.length > MAX_CONFIG_BYTES) throw errors.configTooLarge(file, Buffer.byteLength(text), MAX_CONFIG_BYTES);
  const env = options.env ?? process.env;
  const absolute = resolve(options.cwd ?? process.cwd(), file);
  const lineCounter = new LineCounter();
  // `<<: *defaults` merge keys: not in YAML 1.2's core schema, but what users of anchors write (and what js-yaml reads).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more YAML error${doc.errors.length > 2 ? 's' : ''} after it)` : '';
    const lineText = text.split('\n')[line - 1] ?? '';
    const fix =
      (syntax.code === 'DUPLICATE_KEY' ? duplicateKeyHint(text.slice(syntax.pos[0])) : undefined) ??
      flowCollectionHint(lineText) ??
      'fix the indentation or quoting there; quote values that contain ": " or " #"';
    throw errors.configParse({ file, line, column: col }, `YAML syntax error: ${syntax.message}${more} — ${fix}.`);
  }
  const positionOf = createPositionFinder(doc, lineCounter, file);
  const { problems: envProblems, filled, emptied } = interpolateDocument(doc, text, lineCounter, file, env);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // yaml refuses a document whose aliases would expand past maxAliasCount (a "billion laughs").
    if (/alias/i.test((error as Error).message)) throw errors.configTooCostly(file, `its aliases expand too far (${(error as Error).message})`);
    throw error;
  }
  return { file, absolute, baseDir: dirname(absolute), raw, filled, emptied, envProblems, positionOf };
}

/** Which key a duplicate is: the parser's message does not say. */
function duplicateKeyHint(fromKey: string): string {
  const key = /^(["']?)([^\n]*?)\1\s*:/.exec(fromKey)?.[2];
  return `${key ? `"${key}"` : 'this key'} appears twice in the same mapping: keep one of them`;
}

/**
 * Inside `[ ]` or `{ }`, YAML reads `{` as the start of a mapping: `{ port: ${PORT} }` and
 * `[v2.routing.queues.{queueId}.conversations]` are the classic traps.
 */
function flowCollectionHint(lineText: string): string | undefined {
  if (/[[{].*\$\{/.test(lineText)) return 'quote an env reference inside { } or [ ]: write "${VAR}"';
  const template = /\[[^\]]*?([^\s,[\]"']*\{[A-Za-z]+\}[^\s,[\]"']*)/.exec(lineText)?.[1];
  if (template) return `inside [ ], a { starts a mapping: quote the topic ("${template}") or write it as a block list item (- ${template})`;
  return undefined;
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The names of the single-key entries of `pipeline:` or `sinks:`, by index (others are the schema's to report). */
export function entryNames(raw: unknown, list: 'pipeline' | 'sinks'): Map<number, string> {
  const items = isMapping(raw) && Array.isArray(raw[list]) ? (raw[list] as unknown[]) : [];
  const names = new Map<number, string>();
  items.forEach((item, index) => {
    if (isMapping(item) && Object.keys(item).length === 1) names.set(index, Object.keys(item)[0]!);
  });
  return names;
}
