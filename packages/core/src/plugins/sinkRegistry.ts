import type { SinkDefinition } from '../sinks/defineSink.js';

/** Sinks that need no loading: the CLI statically imports the built-in ones and registers them here. */
export type SinkRegistry = ReadonlyMap<string, SinkDefinition>;

// The definitions' own config types differ; the registry holds them erased, as the engine uses them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createSinkRegistry(definitions: ReadonlyArray<SinkDefinition<any, any>>): SinkRegistry {
  const registry = new Map<string, SinkDefinition>();
  for (const definition of definitions) registry.set(definition.name, definition as SinkDefinition);
  return registry;
}
