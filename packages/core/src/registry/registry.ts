import { errors } from '../errors/errors.js';
import type { OperatorDefinition } from '../operators/defineOperator.js';
import type { SinkDefinition } from '../sinks/defineSink.js';

// Definitions' own config types differ; a registry holds them erased, as the pipeline uses them.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type AnySinkDefinition = SinkDefinition<any, any>;
export type AnyOperatorDefinition = OperatorDefinition<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface RegistryEntries {
  readonly operators?: readonly AnyOperatorDefinition[];
  readonly sinks?: readonly AnySinkDefinition[];
}

/**
 * The operators and sinks a config may name, by the name it uses for them. The config schema,
 * `gcstream schema` and `gcstream plugins` are all built from one of these, so what is registered
 * is exactly what validates. Immutable: plugins loaded for one config make a new registry.
 */
export interface Registry {
  readonly operators: ReadonlyMap<string, OperatorDefinition>;
  readonly sinks: ReadonlyMap<string, SinkDefinition>;
  /**
   * A registry with `additions` too, each under the name a config names it by: a plugin loaded
   * from `./audit.mjs` is found under `./audit.mjs`, whatever its definition calls itself.
   */
  extend(additions: { readonly operators?: Iterable<readonly [string, OperatorDefinition]>; readonly sinks?: Iterable<readonly [string, SinkDefinition]> }): Registry;
}

/**
 * A registry of exactly the given definitions. Nothing registers itself by being imported: pass
 * core's `builtinOperatorDefinitions` and the sinks you ship (the CLI adds `@gcstream/sink-*`).
 */
export function createRegistry(entries: RegistryEntries = {}): Registry {
  return makeRegistry(
    keyed('operator', (entries.operators ?? []).map((d) => [d.name, d as OperatorDefinition])),
    keyed('sink', (entries.sinks ?? []).map((d) => [d.name, d as SinkDefinition])),
  );
}

function makeRegistry(operators: ReadonlyMap<string, OperatorDefinition>, sinks: ReadonlyMap<string, SinkDefinition>): Registry {
  return {
    operators,
    sinks,
    extend: (additions) =>
      makeRegistry(keyed('operator', [...operators, ...(additions.operators ?? [])]), keyed('sink', [...sinks, ...(additions.sinks ?? [])])),
  };
}

function keyed<D>(kind: 'sink' | 'operator', pairs: Iterable<readonly [string, D]>): ReadonlyMap<string, D> {
  const map = new Map<string, D>();
  for (const [name, definition] of pairs) {
    if (map.has(name) && map.get(name) !== definition) throw errors.pluginDuplicate(kind, name);
    map.set(name, definition);
  }
  return map;
}
