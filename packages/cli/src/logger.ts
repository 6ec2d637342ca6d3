import { createLogger, errors, logLevelSchema, type GcsLogger, type LogLevel } from '@gcstream/core';
import type { CliIo } from './io.js';

export function logLevelArg(value: string | undefined): LogLevel | undefined {
  if (value === undefined) return undefined;
  const parsed = logLevelSchema.safeParse(value);
  if (!parsed.success) throw errors.usage(`--log-level "${value}" is not a level; use one of ${logLevelSchema.options.join(', ')}.`);
  return parsed.data;
}

/** Logs go to standard error so they never mix with what the console sink prints on standard output. */
export function cliLogger(io: CliIo, level: LogLevel, secrets: Iterable<string> = [], stderr: NodeJS.WritableStream = io.stderr): GcsLogger {
  const toProcess = stderr === process.stderr;
  return createLogger({
    level,
    secrets,
    pretty: io.stderr.isTTY === true,
    ...(toProcess ? {} : { destination: { write: (line: string) => void stderr.write(line) } }),
  });
}
