import { echoCommand } from './commands/echo.js';
import { initCommand } from './commands/init.js';
import { recordCommand } from './commands/record.js';
import type { CliIo, ExitCode } from './io.js';

/** Commands beside run/validate/test: setting a pipeline up and looking into one. */
export const TOOL_COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<ExitCode>> = {
  init: initCommand,
  echo: echoCommand,
  record: recordCommand,
};

export const TOOL_COMMANDS_USAGE = `  init              write a commented pipeline config, .env.example and editor schema (asks, or flags)
  echo [file]       print the resolved config: env filled in, defaults shown, secrets redacted
  record --out <f>  record the raw frames a live org or the emulator sends, for replay and tests
`;
