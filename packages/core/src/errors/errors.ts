/**
 * Every gcstream error is made here, with a stable code. Messages say what went wrong and what to do.
 * The CLI prints a `GcsError` whose `usage` flag is set without a stack (exit code 2).
 */

export type GcsErrorCode =
  | 'GCS_CONFIG_NOT_FOUND'
  | 'GCS_CONFIG_PARSE'
  | 'GCS_CONFIG_INVALID'
  | 'GCS_CONFIG_ENV_MISSING'
  | 'GCS_CONFIG_LIMITS'
  | 'GCS_PLUGIN_UNKNOWN'
  | 'GCS_PLUGIN_LOAD'
  | 'GCS_PLUGIN_INVALID'
  | 'GCS_PLUGIN_INCOMPATIBLE'
  | 'GCS_AUTH_FAILED'
  | 'GCS_HTTP'
  | 'GCS_RATE_LIMITED'
  | 'GCS_TIMEOUT'
  | 'GCS_CHANNEL'
  | 'GCS_SINK_RETRYABLE'
  | 'GCS_SINK_FATAL'
  | 'GCS_USAGE'
  | 'GCS_INTERNAL';

export interface GcsErrorOptions {
  /** A usage or configuration problem: the user must change something; exit code 2, no stack. */
  usage?: boolean;
  /** Whether retrying the same operation may succeed. */
  retryable?: boolean;
  cause?: unknown;
  /** Structured details for logs and tests (never secrets). */
  details?: Record<string, unknown>;
}

export class GcsError extends Error {
  readonly code: GcsErrorCode;
  readonly usage: boolean;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: GcsErrorCode, message: string, options: GcsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GcsError';
    this.code = code;
    this.usage = options.usage ?? false;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

export function isGcsError(error: unknown, code?: GcsErrorCode): error is GcsError {
  return error instanceof GcsError && (code === undefined || error.code === code);
}

/** `[gcstream] [sink:postgres] message` */
export function prefixed(scope: string | undefined, message: string): string {
  return scope ? `[gcstream] [${scope}] ${message}` : `[gcstream] ${message}`;
}

/** A position in a config file, 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export function formatPosition(pos: SourcePosition): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

export const errors = {
  configNotFound: (searched: string) =>
    new GcsError(
      'GCS_CONFIG_NOT_FOUND',
      prefixed(undefined, `no pipeline config found (${searched}). Pass a file: \`gcstream run pipeline.yaml\`, or create gcstream.config.yaml.`),
      { usage: true },
    ),
  configParse: (pos: SourcePosition, reason: string) =>
    new GcsError('GCS_CONFIG_PARSE', `${formatPosition(pos)}: ${reason}`, { usage: true, details: { ...pos } }),
  /** One or more validation problems, each already formatted as `file:line:column: reason`. */
  configInvalid: (file: string, problems: readonly string[]) =>
    new GcsError(
      'GCS_CONFIG_INVALID',
      `invalid config ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      { usage: true, details: { file, problems } },
    ),
  configEnvMissing: (pos: SourcePosition, name: string) =>
    new GcsError(
      'GCS_CONFIG_ENV_MISSING',
      `${formatPosition(pos)}: environment variable ${name} is not set. Export it, or give a default: \${${name}:-value}.`,
      { usage: true, details: { ...pos, name } },
    ),
  /** A `source.genesys` option that cannot work (unknown region, queue name that matches nothing). */
  sourceConfig: (message: string, details: Record<string, unknown> = {}) =>
    new GcsError('GCS_CONFIG_INVALID', prefixed('source:genesys', message), { usage: true, details }),
  configLimits: (message: string, details: Record<string, unknown> = {}) =>
    new GcsError('GCS_CONFIG_LIMITS', prefixed('source:genesys', message), { usage: true, details }),
  /** `pos`, when given, is where the name stands in the config file. */
  pluginUnknown: (kind: string, name: string, known: readonly string[], suggestion?: string, pos?: SourcePosition) =>
    new GcsError(
      'GCS_PLUGIN_UNKNOWN',
      (pos ? `${formatPosition(pos)}: ` : '') +
        prefixed(undefined, `unknown ${kind} "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Installed: ${known.join(', ') || 'none'}. A plugin can also be a path (./my-sink.js) or a package (gcstream-plugin-${name}).`),
      { usage: true, details: { kind, name, known, ...(pos ? { ...pos } : {}) } },
    ),
  /** `fix`, when given, replaces the default advice (install the package, or check the path). */
  pluginLoad: (specifier: string, cause: unknown, fix?: string) =>
    new GcsError(
      'GCS_PLUGIN_LOAD',
      prefixed(undefined, `cannot load plugin "${specifier}": ${cause instanceof Error ? cause.message : String(cause)}. ${fix ?? `Is it installed (pnpm add ${specifier}) or is the path right?`}`),
      { usage: true, cause },
    ),
  pluginIncompatible: (specifier: string, wanted: string, actual: string) =>
    new GcsError(
      'GCS_PLUGIN_INCOMPATIBLE',
      prefixed(undefined, `plugin "${specifier}" needs @gcstream/core ${wanted}, but this is ${actual}. Install a version of the plugin made for ${actual}, or a gcstream that satisfies ${wanted}.`),
      { usage: true, details: { specifier, wanted, actual } },
    ),
  pluginInvalid: (specifier: string, reason: string) =>
    new GcsError(
      'GCS_PLUGIN_INVALID',
      prefixed(undefined, `plugin "${specifier}" is not a gcstream sink or operator: ${reason}. Export default defineSink({ name, configSchema, create }) or defineOperator({ name, configSchema, create }).`),
      { usage: true },
    ),
  /** A sink plugin named under `pipeline:`, or an operator under `sinks:`. */
  pluginMisplaced: (specifier: string, kind: 'sink' | 'operator', pos?: SourcePosition) =>
    new GcsError(
      'GCS_PLUGIN_INVALID',
      (pos ? `${formatPosition(pos)}: ` : '') +
        prefixed(
          undefined,
          kind === 'sink'
            ? `plugin "${specifier}" is a sink: list it under sinks:, not pipeline:. (An operator plugin exports defineOperator({ name, configSchema, create }).)`
            : `plugin "${specifier}" is an operator: list it under pipeline:, not sinks:.`,
        ),
      { usage: true, details: { specifier, kind } },
    ),
  /** Two definitions under one name in a registry: a config could not say which it means. */
  pluginDuplicate: (kind: 'sink' | 'operator', name: string) =>
    new GcsError('GCS_PLUGIN_INVALID', prefixed(undefined, `two ${kind}s are registered as "${name}". Give one of them another name.`), { details: { kind, name } }),
  authFailed: (status: number, description: string) =>
    new GcsError(
      'GCS_AUTH_FAILED',
      prefixed('source:genesys', `login failed (HTTP ${status}: ${description}). Check clientId and clientSecret, and that the OAuth client uses the client-credentials grant.`),
      { details: { status } },
    ),
  http: (method: string, path: string, status: number, message: string, retryable: boolean, correlationId?: string) =>
    new GcsError('GCS_HTTP', prefixed('source:genesys', `${method} ${path} failed: HTTP ${status} ${message}${correlationId ? ` (inin-correlation-id ${correlationId})` : ''}`), {
      retryable,
      details: { method, path, status, correlationId },
    }),
  requestTimeout: (method: string, path: string, timeoutMs: number) =>
    new GcsError(
      'GCS_TIMEOUT',
      prefixed('source:genesys', `${method} ${path} got no answer within ${timeoutMs / 1000} s and was given up; the API or the network is stalled. Check that Genesys Cloud is reachable, or raise source.genesys.requestTimeout.`),
      { retryable: true, details: { method, path, timeoutMs } },
    ),
  rateLimited: (path: string, waitedMs: number) =>
    new GcsError('GCS_RATE_LIMITED', prefixed('source:genesys', `${path} still rate limited (HTTP 429) after waiting ${Math.round(waitedMs / 1000)} s; raise the retry bound or lower the request rate.`), {
      retryable: true,
      details: { path, waitedMs },
    }),
  channel: (message: string, cause?: unknown) => new GcsError('GCS_CHANNEL', prefixed('source:genesys', message), { retryable: true, cause }),
  /** The EventBridge source cannot read its file or open its HTTP port: the user must fix the path or port. */
  eventBridge: (message: string, cause?: unknown) => new GcsError('GCS_USAGE', prefixed('source:eventbridge', message), { usage: true, cause }),
  sinkRetryable: (sink: string, message: string, cause?: unknown) =>
    new GcsError('GCS_SINK_RETRYABLE', prefixed(`sink:${sink}`, message), { retryable: true, cause }),
  sinkFatal: (sink: string, message: string, cause?: unknown) => new GcsError('GCS_SINK_FATAL', prefixed(`sink:${sink}`, message), { cause }),
  /** A server gcstream runs (metrics, EventBridge endpoint) cannot take its address. `fix` names the option to change. */
  listen: (scope: string, host: string, port: number, cause: unknown, fix: string) => {
    const code = (cause as { code?: string } | undefined)?.code;
    const why = code === 'EADDRINUSE' ? 'EADDRINUSE: another process already listens there' : code === 'EACCES' ? 'EACCES: not allowed to use this port' : code ?? (cause as Error)?.message ?? String(cause);
    return new GcsError('GCS_USAGE', prefixed(scope, `cannot listen on ${host}:${port} (${why}): ${fix}`), { usage: true, cause, details: { host, port, code } });
  },
  /** A YAML document too costly to read (an alias bomb: aliases that expand exponentially). */
  configTooCostly: (file: string, reason: string) =>
    new GcsError('GCS_CONFIG_PARSE', prefixed(undefined, `${file}: ${reason}. Write the values out instead of nesting aliases (&name / *name) inside each other.`), { usage: true, details: { file } }),
  /** A config file far larger than any pipeline needs: most likely the wrong path. */
  configTooLarge: (file: string, bytes: number, limit: number) =>
    new GcsError(
      'GCS_CONFIG_PARSE',
      prefixed(undefined, `${file}: the config is ${bytes} bytes, over the ${limit}-byte limit for a pipeline config. Check that the path names the pipeline's YAML and not a data file; a pipeline that really needs more should be split into several.`),
      { usage: true, details: { file, bytes, limit } },
    ),
  /** A plugin path that names a file which is not a JavaScript module, or lies outside the config's folder. */
  pluginPath: (specifier: string, reason: string) =>
    new GcsError('GCS_PLUGIN_LOAD', prefixed(undefined, `plugin "${specifier}" ${reason}`), { usage: true, details: { specifier } }),
  /** An operator whose create() threw: named, with what it said (secrets already scrubbed), and no stack. */
  operatorFailed: (operator: string, why: string, cause: unknown) =>
    new GcsError(
      'GCS_PLUGIN_INVALID',
      prefixed(`operator:${operator}`, `cannot start: ${why}. Check this operator's options in the config.`),
      { cause, details: { operator } },
    ),
  usage: (message: string) => new GcsError('GCS_USAGE', prefixed(undefined, message), { usage: true }),
  internal: (message: string, cause?: unknown) => new GcsError('GCS_INTERNAL', prefixed(undefined, message), { cause }),
};
