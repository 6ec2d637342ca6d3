import type { z } from 'zod';
import { didYouMean } from '../config/didYouMean.js';
import { errors, isGcsError, type SourcePosition } from '../errors/errors.js';
import type { PipelineSink } from '../pipeline/runPipeline.js';
import { sinkEngineSchema, splitSinkOptions, type SinkEngineOptions } from '../sinks/sinkEngineOptions.js';
import type { SinkDefinition } from '../sinks/defineSink.js';
import { loadSinkPlugin, pluginSpecifier } from './loadSinkPlugin.js';
import type { SinkRegistry } from './sinkRegistry.js';

export type ConfigPath = ReadonlyArray<string | number>;

/** One `sinks:` entry as the config loader hands it over: `- console: { format: pretty }`. */
export interface ConfiguredSink {
  /** The entry's key: a built-in name, a module path, or a package name. */
  readonly name: string;
  readonly options: unknown;
  /** Where the entry's options are in the config document, e.g. `['sinks', 0, 'console']`. */
  readonly path: ConfigPath;
}

/** What `resolveSinks` needs from a loaded config (a `LoadedConfig` satisfies it). */
export interface SinkConfigSource {
  readonly baseDir: string;
  readonly sinks: readonly ConfiguredSink[];
  /** With `key: true`, the position of the last segment's key rather than its value. */
  positionOf(path: ConfigPath, options?: { key?: boolean }): SourcePosition | undefined;
  /** Parses `value` with `schema`; on failure throws an error whose problems carry file:line:column. */
  validateAt<S extends z.ZodType>(schema: S, value: unknown, path: ConfigPath, label: string): z.output<S>;
}

export interface ResolvedSink extends PipelineSink {
  readonly definition: SinkDefinition;
  /** The plugin's options, parsed by its `configSchema`. */
  readonly config: unknown;
  readonly engine: SinkEngineOptions;
}

/**
 * Turns the config's `sinks:` entries into sinks the pipeline can run: finds each plugin (built-in,
 * local module, installed package), splits the engine keys from the plugin's own, and validates
 * both, so every problem is reported with its place in the file before anything connects.
 */
export async function resolveSinks(source: SinkConfigSource, registry: SinkRegistry): Promise<ResolvedSink[]> {
  const resolved: ResolvedSink[] = [];
  const problems: string[] = [];
  let file: string | undefined;
  const labels = new Map<string, number>();
  // Gather config problems from every sink so one `validate` run shows them all.
  const collect = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!isGcsError(error, 'GCS_CONFIG_INVALID') || !Array.isArray(error.details.problems)) throw error;
      problems.push(...(error.details.problems as string[]));
      file ??= typeof error.details.file === 'string' ? error.details.file : undefined;
      return undefined;
    }
  };
  for (const entry of source.sinks) {
    const definition = await findSinkDefinition(entry, source, registry);
    const { engine, plugin } = splitSinkOptions(entry.options);
    const label = uniqueLabel(definition.name, labels);
    const engineOptions = collect(() => source.validateAt(sinkEngineSchema, engine, entry.path, `sink "${label}" (engine options)`));
    const config: unknown = collect(() => source.validateAt(definition.configSchema, plugin ?? {}, entry.path, `sink "${label}"`));
    if (engineOptions === undefined || config === undefined) continue;
    resolved.push({ name: label, definition, config, engine: engineOptions, create: (ctx) => definition.create(config, ctx) });
  }
  if (problems.length) throw errors.configInvalid(file ?? 'config', [...problems].sort(byPosition));
  return resolved;
}

async function findSinkDefinition(entry: ConfiguredSink, source: SinkConfigSource, registry: SinkRegistry): Promise<SinkDefinition> {
  const builtin = registry.get(entry.name);
  if (builtin) return builtin;
  const specifier = pluginSpecifier(entry.name, source.baseDir);
  if (specifier !== undefined) return loadSinkPlugin(specifier, source.baseDir);
  const known = [...registry.keys()];
  throw errors.pluginUnknown('sink', entry.name, known, didYouMean(entry.name, known), source.positionOf(entry.path, { key: true }));
}

function uniqueLabel(name: string, seen: Map<string, number>): string {
  const count = (seen.get(name) ?? 0) + 1;
  seen.set(name, count);
  return count === 1 ? name : `${name}#${count}`;
}

/** Problems read top to bottom, as in the file: `file:line:column: ...`. */
function byPosition(a: string, b: string): number {
  const at = (p: string) => /:(\d+):(\d+): /.exec(p)?.slice(1).map(Number) ?? [0, 0];
  const [la, ca] = at(a);
  const [lb, cb] = at(b);
  return la! - lb! || ca! - cb!;
}
