import { createLogger, logLevelSchema, type GcsLogger, type LogLevel } from '@gcstream/core';
import { choiceArg } from './args.js';
import type { CliIo } from './io.js';

export const logLevelArg = (value: string | undefined): LogLevel | undefined => choiceArg('log-level', value, logLevelSchema.options, 'level');

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
