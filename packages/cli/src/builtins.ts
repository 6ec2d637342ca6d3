import { builtinOperatorDefinitions, createRegistry, type Registry } from '@gcstream/core';
import consoleSink from '@gcstream/sink-console';
import dashboardSink from '@gcstream/sink-dashboard';
import fileSink from '@gcstream/sink-file';
import natsSink from '@gcstream/sink-nats';
import postgresSink from '@gcstream/sink-postgres';
import webhookSink from '@gcstream/sink-webhook';

/**
 * What a config may name without loading anything: core's operators and the sinks that ship with
 * gcstream, registered explicitly. Core cannot import the sinks (they depend on core); every other
 * sink or operator is a package or a local module, added when a config names it.
 */
export function builtinRegistry(): Registry {
  return createRegistry({ operators: builtinOperatorDefinitions, sinks: [consoleSink, fileSink, webhookSink, postgresSink, natsSink, dashboardSink] });
}
