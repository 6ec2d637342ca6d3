import { builtinOperators, createSinkRegistry, type SinkRegistry } from '@gcstream/core';
import consoleSink from '@gcstream/sink-console';

/**
 * The sinks that ship with gcstream, statically imported so they need no loading. Core cannot
 * import them (they depend on core); every other sink is a package or a local module.
 */
export function builtinSinks(): SinkRegistry {
  return createSinkRegistry([consoleSink]);
}

export { builtinOperators };
