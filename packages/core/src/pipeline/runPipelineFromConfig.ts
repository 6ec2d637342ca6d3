import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/parseConfig.js';
import { errors } from '../errors/errors.js';
import type { GcsLogger } from '../logging/logger.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import type { SinkContext } from '../sinks/defineSink.js';
import type { Source } from '../sources/source.js';
import { createConfiguredSource, type GenesysConnection } from './configuredSource.js';
import { operatorStages } from './operatorStages.js';
import { runPipeline, type RunSummary } from './runPipeline.js';
import { openOperatorStateStore } from './spool/operatorState.js';
import { openSourcePosition } from './spool/sourcePosition.js';

/** Where dead letters go when neither the caller nor a sink says otherwise, beside the config. */
export const DEFAULT_DEAD_LETTER_FILE = 'gcstream-dead-letters.ndjson';

/** A running `/metrics` endpoint, started by whoever serves one (the CLI does). */
export interface MetricsEndpoint {
  readonly url: string;
  close(): Promise<void>;
}

export interface PipelineFromConfigOptions {
  readonly logger: GcsLogger | Logger;
  /** Abort to stop: the source ends and the pipeline drains within the config's shutdownTimeout. */
  readonly signal?: AbortSignal;
  /** Abort to give up the drain at once: what is undelivered is dead-lettered or kept in the spool (see `RunPipelineOptions.force`). */
  readonly force?: AbortSignal;
  /** @default a new registry per pipeline */
  readonly metrics?: Metrics;
  /** Handed to sinks that print (console). @default process.stdout */
  readonly stdout?: SinkContext['stdout'];
  /** Replaces the config's Genesys connection (an emulator for a config that names no org). */
  readonly genesys?: GenesysConnection;
  /** NDJSON file for dead letters. @default gcstream-dead-letters.ndjson beside the config */
  readonly deadLetterFile?: string;
  /** Stop after this many events reached the sinks, then drain. */
  readonly maxEvents?: number;
  /** Keep events in a durable spool until every sink has them (see `RunPipelineOptions.spool`). */
  readonly spool?: { readonly dir: string };
  /** Told the source once it exists, before anything flows: a status line reads its status. */
  readonly onSource?: (source: Source) => void;
  /**
   * Serves the config's `metrics:` (port and host) while the pipeline runs; core has no HTTP
   * server of its own. Without it, a config that sets `metrics.port` is refused.
   */
  readonly serveMetrics?: (options: { readonly port: number; readonly host: string; readonly metrics: Metrics; readonly ready: () => boolean }) => Promise<MetricsEndpoint>;
}

/**
 * Builds the pipeline a loaded config describes (its source, its operators, its sinks, a metrics
 * endpoint when asked) and runs it until the source ends, `maxEvents` is reached or the signal
 * aborts. What a CLI, a dashboard process or a library user runs; the config was validated once,
 * when it was loaded, and its typed result is used as is.
 */
export async function runPipelineFromConfig(loaded: LoadedConfig, options: PipelineFromConfigOptions): Promise<RunSummary> {
  const { logger } = options;
  const metrics = options.metrics ?? createMetrics();
  const sinks = loaded.sinks.map((entry) => {
    if (entry.resolved) return entry.resolved;
    // Only a config read without a registry has entries like this; loading it with one finds the sink or says why not.
    throw errors.pluginUnknown('sink', entry.name, [...loaded.registry.sinks.keys()], undefined, loaded.positionOf(entry.path, { key: true }));
  });
  const metricsConfig = loaded.config.metrics;
  if (metricsConfig?.port !== undefined && !options.serveMetrics) {
    throw errors.usage(`${loaded.file}: metrics.port is set, but this program serves no metrics endpoint. Remove metrics.port, or run the pipeline with \`gcstream run\`.`);
  }
  // With a spool, stateful operators checkpoint there and the Genesys source keeps its position
  // beside them. With operator state, the position is saved with each checkpoint (after it), so a
  // restart resumes from no later than the state it restores: what came after arrives again.
  const spoolDir = options.spool ? resolve(loaded.baseDir, options.spool.dir) : undefined;
  const problem = (message: string, error: unknown) => logger.warn({ err: error }, message);
  const store = spoolDir === undefined ? undefined : openOperatorStateStore(join(spoolDir, 'operators'), problem);
  const saved = spoolDir === undefined ? undefined : openSourcePosition(spoolDir, problem);
  let latest: number | undefined;
  const position = saved && {
    resumeFrom: saved.connectedUntil,
    onConnectedUntil(ms: number) {
      latest = ms;
      if (!store?.stateful) saved.save(ms);
    },
  };
  const { source, directory } = createConfiguredSource(loaded, { logger, metrics, genesys: options.genesys, position });
  options.onSource?.(source);
  let endpoint: MetricsEndpoint | undefined;
  try {
    if (metricsConfig?.port !== undefined && options.serveMetrics) {
      endpoint = await options.serveMetrics({ port: metricsConfig.port, host: metricsConfig.host, metrics, ready: () => source.ready() });
      logger.info({ url: endpoint.url }, `metrics at ${endpoint.url}/metrics, probes at /healthz and /readyz`);
    }
    return await runPipeline({
      source$: source.frames$,
      operators: operatorStages(loaded.operators),
      sinks,
      logger,
      metrics,
      baseDir: loaded.baseDir,
      deadLetterFile: resolve(loaded.baseDir, options.deadLetterFile ?? DEFAULT_DEAD_LETTER_FILE),
      shutdownTimeout: loaded.config.shutdownTimeout,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.force ? { force: options.force } : {}),
      ...(options.stdout ? { stdout: options.stdout } : {}),
      ...(directory ? { directory } : {}),
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      ...(options.spool ? { spool: options.spool } : {}),
      ...(store
        ? {
            checkpoint: {
              store,
              after: () => {
                if (store.stateful && latest !== undefined) saved?.save(latest);
              },
            },
          }
        : {}),
    });
  } finally {
    await endpoint?.close();
    await source.close();
  }
}
