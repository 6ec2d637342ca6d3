import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { errors, formatPosition, type SourcePosition } from '../errors/errors.js';
import { builtinOperators, type OperatorDefinition } from '../operators/registry.js';
import { pluginSpecifier } from '../plugins/loadSinkPlugin.js';
import '../operators/index.js';
import { parseWithEnvCoercion } from './_envCoercion.js';
import { interpolateDocument, type EnvProblem } from './_interpolateDocument.js';
import { problemsFromIssues, type Problem } from './_issues.js';
import { createPositionFinder, formatPath, type ConfigPath, type PositionFinder, type PositionOptions } from './_yamlPositions.js';
import { didYouMean } from './didYouMean.js';
import type { Env } from './envInterpolation.js';
import { pipelineConfigSchema, type PipelineConfig } from './schema.js';
import { collectSecrets, redactConfig } from './secrets.js';

export type { PositionOptions };

/** One `sinks:` entry: `- postgres: { url: ... }`. Its options are validated once its plugin is loaded. */
export interface SinkEntry {
  readonly name: string;
  readonly options: unknown;
  /** Where the options are in the document, e.g. `['sinks', 0, 'postgres']`. */
  readonly path: (string | number)[];
}

/** One `pipeline:` entry, its options already parsed by the operator's schema. */
export interface OperatorEntry {
  readonly name: string;
  readonly options: unknown;
  readonly definition: OperatorDefinition;
  readonly path: (string | number)[];
}

export interface ParseConfigOptions {
  /** Where `${VAR}` values come from. @default process.env */
  env?: Env;
  /** Resolves the file's directory. @default process.cwd() */
  cwd?: string;
  /** Operators `pipeline:` may name. @default builtinOperators */
  operators?: ReadonlyMap<string, OperatorDefinition>;
  /**
   * Sink names that need no loading (the built-in ones: pass `sinkRegistry.keys()`). When given,
   * a `sinks:` name that is neither one of these, nor a module path or package, nor an installed
   * `gcstream-plugin-<name>`, is reported with its position and a "did you mean".
   */
  knownSinks?: Iterable<string>;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** The config file's directory: relative paths in the config are resolved against it. */
  readonly baseDir: string;
  readonly config: PipelineConfig;
  readonly operators: readonly OperatorEntry[];
  readonly sinks: readonly SinkEntry[];
  /** Every secret-looking value found (after env references were filled in). */
  readonly secrets: readonly string[];
  /** Where a config path is in the file; a path that does not exist resolves to its nearest parent. */
  positionOf(path: ConfigPath, options?: PositionOptions): SourcePosition;
  /**
   * Parses `value` (found at `path`) with `schema`. On failure throws `GCS_CONFIG_INVALID` listing
   * every problem as `file:line:column: ...`, each prefixed with `label`.
   */
  validateAt<S extends z.ZodType>(schema: S, value: unknown, path: ConfigPath, label?: string): z.output<S>;
  /** The parsed config with every secret replaced by "[redacted]", safe to print. */
  redacted(): PipelineConfig;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const formatProblem = (problem: Problem, label?: string) => `${formatPosition(problem.position)}: ${label ? `${label}: ` : ''}${problem.message}`;

/**
 * Parses, fills in and validates a pipeline config. Every problem in the file is reported at once,
 * each with its `file:line:column`. `file` is the name used in messages (and, resolved against
 * `cwd`, the config's location).
 */
export function parseConfigText(text: string, file: string, options: ParseConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const absolute = resolve(options.cwd ?? process.cwd(), file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more YAML error${doc.errors.length > 2 ? 's' : ''} after it)` : '';
    const lineText = text.split('\n')[line - 1] ?? '';
    // `{ port: ${PORT} }` is the classic trap: inside { } or [ ], YAML reads `{` as a collection.
    const fix = /[[{].*\$\{/.test(lineText)
      ? 'quote an env reference inside { } or [ ]: write "${VAR}"'
      : 'fix the indentation or quoting there; quote values that contain ": " or " #"';
    throw errors.configParse({ file, line, column: col }, `YAML syntax error: ${syntax.message}${more} — ${fix}.`);
  }

  const positionOf = createPositionFinder(doc, lineCounter, file);
  const { problems: envProblems, filled } = interpolateDocument(doc, text, lineCounter, file, env);
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};

  let problems: Problem[] = [];
  const parsed = parseWithEnvCoercion(pipelineConfigSchema, raw, [], filled);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, { schema: pipelineConfigSchema, positionOf, basePath: [] }));
  const operators = checkOperators(raw, options.operators ?? builtinOperators, positionOf, filled, problems);
  // A value still holding an unset `${VAR}` would only add a confusing type error on top.
  const unresolved = new Set(envProblems.map((p) => formatPath(p.path)));
  problems = [...envProblems, ...problems.filter((p) => !p.path || !unresolved.has(formatPath(p.path)))];
  const sinks = sinkEntries(raw);
  if (options.knownSinks) checkSinkNames(sinks, [...options.knownSinks], dirname(absolute), positionOf, problems);

  if (problems.length > 0) throw toError(file, problems);
  const config = parsed.data!;
  config.pipeline = operators.map((entry) => ({ [entry.name]: entry.options }));
  const secrets = collectSecrets(raw);

  return {
    file: absolute,
    baseDir: dirname(absolute),
    config,
    operators,
    sinks,
    secrets,
    positionOf,
    validateAt(schema, value, path, label) {
      const result = parseWithEnvCoercion(schema, value, path, filled);
      if (result.success) return result.data;
      const found = problemsFromIssues(result.error.issues, { schema, positionOf, basePath: path });
      throw errors.configInvalid(file, sortProblems(found).map((p) => formatProblem(p, label)));
    },
    redacted: () => redactConfig(config, secrets),
  };
}

function checkOperators(
  raw: unknown,
  registry: ReadonlyMap<string, OperatorDefinition>,
  positionOf: PositionFinder,
  filled: ReadonlySet<string>,
  problems: Problem[],
): OperatorEntry[] {
  const pipeline = isPlainObject(raw) && Array.isArray(raw.pipeline) ? raw.pipeline : [];
  const entries: OperatorEntry[] = [];
  pipeline.forEach((item: unknown, index) => {
    if (!isPlainObject(item) || Object.keys(item).length !== 1) return; // the schema reported it
    const [name, options] = Object.entries(item)[0]!;
    const path = ['pipeline', index, name];
    const definition = registry.get(name);
    if (!definition) {
      const known = [...registry.keys()];
      const suggestion = didYouMean(name, known);
      problems.push({
        position: positionOf(path, { key: true }),
        message: `unknown operator "${name}" in pipeline[${index}].${suggestion ? ` Did you mean "${suggestion}"?` : ''} Available operators: ${known.join(', ') || 'none'}.`,
      });
      return;
    }
    const result = parseWithEnvCoercion(definition.configSchema, options ?? {}, path, filled);
    if (!result.success) {
      problems.push(...problemsFromIssues(result.error.issues, { schema: definition.configSchema, positionOf, basePath: path }));
      return;
    }
    entries.push({ name, options: result.data, definition, path });
  });
  return entries;
}

function sinkEntries(raw: unknown): SinkEntry[] {
  const sinks = isPlainObject(raw) && Array.isArray(raw.sinks) ? raw.sinks : [];
  return sinks.flatMap((item: unknown, index) => {
    if (!isPlainObject(item) || Object.keys(item).length !== 1) return [];
    const [name, options] = Object.entries(item)[0]!;
    return [{ name, options: options ?? {}, path: ['sinks', index, name] }];
  });
}

function checkSinkNames(sinks: readonly SinkEntry[], known: string[], baseDir: string, positionOf: PositionFinder, problems: Problem[]): void {
  for (const [index, sink] of sinks.entries()) {
    const { name } = sink;
    if (known.includes(name) || pluginSpecifier(name, baseDir) !== undefined) continue;
    const suggestion = didYouMean(name, known);
    problems.push({
      position: positionOf(sink.path, { key: true }),
      message: `unknown sink "${name}" in sinks[${index}].${suggestion ? ` Did you mean "${suggestion}"?` : ''} Installed: ${known.join(', ') || 'none'}. A sink can also be a module path (./my-sink.js) or a package (gcstream-plugin-${name}).`,
    });
  }
}

function sortProblems<P extends Problem>(problems: readonly P[]): P[] {
  return [...problems].sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
}

function toError(file: string, problems: readonly Problem[]) {
  const only = problems.length === 1 ? (problems[0] as EnvProblem) : undefined;
  if (only?.missing) return errors.configEnvMissing(only.position, only.missing);
  return errors.configInvalid(file, sortProblems(problems).map((p) => formatProblem(p)));
}
