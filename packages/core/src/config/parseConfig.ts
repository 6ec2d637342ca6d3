import type { z } from 'zod';
import { errors, formatPosition, type SourcePosition } from '../errors/errors.js';
import type { OperatorDefinition } from '../operators/defineOperator.js';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { createRegistry, type Registry } from '../registry/registry.js';
import type { Sink, SinkContext, SinkDefinition } from '../sinks/defineSink.js';
import { SINK_ENGINE_KEYS, type SinkEngineOptions } from '../sinks/sinkEngineOptions.js';
import { entryNames, readConfigDocument, type ConfigDocument } from './_configDocument.js';
import { parseWithEnvCoercion } from './_envCoercion.js';
import type { EnvProblem } from './_interpolateDocument.js';
import { problemsFromIssues, type Problem } from './_issues.js';
import type { SinkOptions } from './_sinkOptions.js';
import { formatPath, type ConfigPath, type PositionOptions } from './_yamlPositions.js';
import type { Env } from './envInterpolation.js';
import { buildConfigSchema, type PipelineConfig } from './schema.js';
import { collectSecrets, redactConfig } from './secrets.js';
import type { PipelineTestCase } from './testCaseSchema.js';

export type { PositionOptions };

/** A `sinks:` entry whose sink is registered, its options validated once: ready for the pipeline. */
export interface ResolvedSink {
  /** Label in logs and metrics: the sink's name, `#2`, `#3`... when a config names it again. */
  readonly name: string;
  readonly definition: SinkDefinition;
  /** The plugin's options, parsed by its `configSchema`. */
  readonly config: unknown;
  readonly engine: SinkEngineOptions;
  create(ctx: SinkContext): Sink | Promise<Sink>;
}

/** One `sinks:` entry: `- postgres: { url: ... }`. */
export interface SinkEntry {
  /** The entry's key: a registered name, a module path, or a package name. */
  readonly name: string;
  /** The options as written (env references filled in). */
  readonly options: unknown;
  /** Where the options are in the document, e.g. `['sinks', 0, 'postgres']`. */
  readonly path: (string | number)[];
  /** The validated sink, when its name is registered (always, unless the config was read with open sinks). */
  readonly resolved?: ResolvedSink;
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
  /**
   * The operators and sinks the config may name; the config schema is built from it. Without
   * one, core's built-in operators are known and `sinks:` entries are checked for shape only
   * (no sink is known), which suits a tool that reads a config without running it.
   */
  registry?: Registry;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly file: string;
  /** The config file's directory: relative paths in the config are resolved against it. */
  readonly baseDir: string;
  readonly config: PipelineConfig;
  /** What the config was validated against, plugins it named included. */
  readonly registry: Registry;
  readonly operators: readonly OperatorEntry[];
  readonly sinks: readonly SinkEntry[];
  /** The `tests:` cases, validated. */
  readonly tests: readonly PipelineTestCase[];
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

let builtinRegistry: Registry | undefined;
/** Core's built-in operators and no sinks: what a config is read against when no registry is given. */
function coreOperatorsOnly(): Registry {
  return (builtinRegistry ??= createRegistry({ operators: builtinOperatorDefinitions }));
}

const formatProblem = (problem: Problem, label?: string) => `${formatPosition(problem.position)}: ${label ? `${label}: ` : ''}${problem.message}`;

/**
 * Parses, fills in and validates a pipeline config. Every problem in the file is reported at once,
 * each with its `file:line:column`. `file` is the name used in messages (and, resolved against
 * `cwd`, the config's location). Plugins named by path or package are not loaded here: use
 * `loadConfig` or `loadConfigText`, or pass a registry that has them.
 */
export function parseConfigText(text: string, file: string, options: ParseConfigOptions = {}): LoadedConfig {
  return validateConfig(readConfigDocument(text, file, options), options.registry);
}

/**
 * Validates a read config against a registry (see `ParseConfigOptions.registry`), once, and
 * carries the typed result.
 */
export function validateConfig(document: ConfigDocument, given: Registry | undefined): LoadedConfig {
  const { file, raw, filled, positionOf } = document;
  /** A problem with a value that came from an empty variable names the variable to fill. */
  const withEnvOrigin = (p: Problem): Problem => {
    const name = p.path === undefined ? undefined : document.emptied.get(formatPath(p.path));
    return name === undefined ? p : { ...p, message: `${p.message.replace(/\.$/, '')}; it comes from \${${name}}, which is set but empty: export it with a value.` };
  };
  const registry = given ?? coreOperatorsOnly();
  const schema = buildConfigSchema(registry, { openSinks: given === undefined });
  const parsed = parseWithEnvCoercion(schema, raw, [], filled);
  const labels = sinkLabels(raw, registry);
  let problems: Problem[] = parsed.success ? [] : problemsFromIssues(parsed.error.issues, { schema, positionOf, basePath: [] }).map(withEnvOrigin);
  // A value still holding an unset `${VAR}` would only add a confusing type error on top.
  const unresolved = new Set(document.envProblems.map((p) => formatPath(p.path)));
  problems = [...document.envProblems, ...problems.filter((p) => !p.path || !unresolved.has(formatPath(p.path)))];
  if (problems.length > 0) throw toError(file, problems, (path) => problemLabel(path, registry, labels));

  const config = parsed.data!;
  const secrets = collectSecrets(raw);
  return {
    file: document.absolute,
    baseDir: document.baseDir,
    config,
    registry,
    operators: config.pipeline.map((entry, index) => {
      const [name, options] = Object.entries(entry)[0]!;
      const definition = registry.operators.get(name)!;
      return { name: definition.name, options, definition, path: ['pipeline', index, name] };
    }),
    sinks: config.sinks.map((entry, index) => {
      const name = Object.keys(entry)[0]!;
      const written = (raw as { sinks: Array<Record<string, unknown>> }).sinks[index]![name];
      const path = ['sinks', index, name];
      const definition = registry.sinks.get(name);
      if (!definition) return { name, options: written ?? {}, path };
      const { config: sinkConfig, engine } = entry[name] as SinkOptions;
      const resolved: ResolvedSink = { name: labels.get(index)!, definition, config: sinkConfig, engine, create: (ctx) => definition.create(sinkConfig, ctx) };
      return { name, options: written ?? {}, path, resolved };
    }),
    tests: config.tests ?? [],
    secrets,
    positionOf,
    validateAt(schemaAt, value, path, label) {
      const result = parseWithEnvCoercion(schemaAt, value, path, filled);
      if (result.success) return result.data;
      const found = problemsFromIssues(result.error.issues, { schema: schemaAt, positionOf, basePath: path }).map(withEnvOrigin);
      throw errors.configInvalid(file, sortProblems(found).map((p) => formatProblem(p, label)));
    },
    redacted: () => redactConfig(config, secrets),
  };
}

/** Each registered sink's label by entry index: its name, then `name#2`, `name#3`... */
function sinkLabels(raw: unknown, registry: Registry): Map<number, string> {
  const counts = new Map<string, number>();
  const labels = new Map<number, string>();
  for (const [index, key] of entryNames(raw, 'sinks')) {
    const definition = registry.sinks.get(key);
    if (!definition) continue;
    const count = (counts.get(definition.name) ?? 0) + 1;
    counts.set(definition.name, count);
    labels.set(index, count === 1 ? definition.name : `${definition.name}#${count}`);
  }
  return labels;
}

/** Which part of the config a problem is in, when that helps to read it: a sink's options, or a test case. */
function problemLabel(path: ConfigPath | undefined, registry: Registry, labels: ReadonlyMap<number, string>): string | undefined {
  if (!path) return undefined;
  if (path[0] === 'tests' && path.length > 1) return 'test case';
  if (path[0] !== 'sinks' || typeof path[1] !== 'number' || path.length < 3 || !registry.sinks.has(String(path[2]))) return undefined;
  const label = `sink "${labels.get(path[1]) ?? String(path[2])}"`;
  return path.length > 3 && (SINK_ENGINE_KEYS as readonly string[]).includes(String(path[3])) ? `${label} (engine options)` : label;
}

function sortProblems<P extends Problem>(problems: readonly P[]): P[] {
  return [...problems].sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
}

function toError(file: string, problems: readonly Problem[], labelOf: (path: ConfigPath | undefined) => string | undefined) {
  const only = problems.length === 1 ? problems[0] : undefined;
  if ((only as EnvProblem | undefined)?.missing) return errors.configEnvMissing(only!.position, (only as EnvProblem).missing!);
  // A lone unknown name is the plugin error a user searches for, not one of many config problems.
  const unknown = only?.unknownPlugin;
  if (unknown) return errors.pluginUnknown(unknown.kind, unknown.name, unknown.known, unknown.suggestion, only.position);
  return errors.configInvalid(file, sortProblems(problems).map((p) => formatProblem(p, labelOf(p.path))));
}
