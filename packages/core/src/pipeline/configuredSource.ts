import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/parseConfig.js';
import { errors } from '../errors/errors.js';
import type { GcsLogger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { createDirectory, type Directory } from '../model/directory.js';
import { createEventBridgeSource } from '../sources/eventbridge/eventBridgeSource.js';
import { createGenesysSource } from '../sources/genesys/genesysSource.js';
import { createReplaySource } from '../sources/replay/replaySource.js';
import { genesysSourceSchema, type GenesysSourceConfig } from '../sources/genesys/genesysOptions.js';
import type { Source } from '../sources/source.js';

/** Where a config without an org's credentials connects instead (the CLI's built-in emulator). */
export interface GenesysConnection {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface ConfiguredSourceOptions {
  readonly logger: GcsLogger | Logger;
  readonly metrics: Metrics;
  /** Replaces the config's Genesys connection. */
  readonly genesys?: GenesysConnection | undefined;
  /**
   * Where the Genesys source's position is kept (in the spool's folder): with `backfill: true` a
   * run backfills the time since `resumeFrom`, and reports how far it got to `onConnectedUntil`.
   */
  readonly position?: { readonly resumeFrom: number | undefined; onConnectedUntil(serverMs: number): void } | undefined;
}

export interface ConfiguredSource {
  readonly source: Source;
  /** Queue and user names the source discovers, for sinks that print for people. */
  readonly directory?: Directory;
}

/** The config's `source:`: EventBridge when it names one, else Genesys Cloud. */
export function createConfiguredSource(loaded: LoadedConfig, options: ConfiguredSourceOptions): ConfiguredSource {
  const { logger, metrics } = options;
  const replay = loaded.config.source?.replay;
  if (replay) return { source: createReplaySource({ ...replay, file: resolve(loaded.baseDir, replay.file) }, { logger: logger.child({ stage: 'source:replay' }) }) };
  const eventbridge = loaded.config.source?.eventbridge;
  if (eventbridge) {
    const file = eventbridge.file === undefined ? {} : { file: resolve(loaded.baseDir, eventbridge.file) };
    return { source: createEventBridgeSource({ ...eventbridge, ...file }, { logger: logger.child({ stage: 'source:eventbridge' }), metrics }) };
  }
  const configured: GenesysSourceConfig = loaded.config.source?.genesys ?? genesysSourceSchema.parse({});
  const connection = options.genesys ?? {};
  const genesys = { ...configured, ...connection };
  if (genesys.clientId === undefined || genesys.clientSecret === undefined) {
    throw errors.usage(
      `${loaded.file}: source.genesys needs clientId and clientSecret (from the environment: \${GENESYS_CLIENT_ID}, \${GENESYS_CLIENT_SECRET}), or a connection given by the program that runs the pipeline.`,
    );
  }
  // The source fills it while expanding topic templates; the console sink prints names from it.
  const directory = createDirectory();
  const registerSecret = 'registerSecret' in logger ? (value: string) => logger.registerSecret(value) : undefined;
  const { position } = options;
  const source = createGenesysSource(genesys, {
    directory,
    logger: logger.child({ stage: 'source:genesys' }),
    metrics,
    ...(position ? { onConnectedUntil: (ms: number) => position.onConnectedUntil(ms) } : {}),
    ...(position?.resumeFrom === undefined ? {} : { resumeFrom: position.resumeFrom }),
    ...(registerSecret ? { registerSecret } : {}),
  });
  return { source, directory };
}
