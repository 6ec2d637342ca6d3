import { errors, type LoadedConfig } from '@gcstream/core';

/** `--metrics-port` over the config's `metrics.port`: the flag wins, the host stays the config's. */
export function withMetricsPort(loaded: LoadedConfig, flag: string | undefined): LoadedConfig {
  if (flag === undefined) return loaded;
  const port = Number(flag);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw errors.usage(`--metrics-port "${flag}" must be a port number, 0 to 65535 (0 picks a free one).`);
  const metrics = { host: loaded.config.metrics?.host ?? '127.0.0.1', port };
  return { ...loaded, config: { ...loaded.config, metrics } };
}

/** The sinks' labels, as metrics and readiness name them. */
export const sinkLabels = (loaded: LoadedConfig): string[] => loaded.sinks.flatMap((entry) => (entry.resolved ? [entry.resolved.name] : []));
