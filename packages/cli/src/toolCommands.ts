import type { CliIo, ExitCode } from './io.js';

/** One `gcstream` command: its arguments after the command's name in, its exit code out. */
export type Command = (args: readonly string[], io: CliIo) => Promise<ExitCode>;

/**
 * Commands beside run/validate/test: setting a pipeline up and looking into one. Each is loaded
 * when it runs (see `COMMANDS` in main.ts).
 */
export const TOOL_COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./commands/init.js')).initCommand,
  echo: async () => (await import('./commands/echo.js')).echoCommand,
  record: async () => (await import('./commands/record.js')).recordCommand,
};

export const TOOL_COMMANDS_USAGE = `  init              write a commented pipeline config, .env.example and editor schema (asks, or flags)
  echo [file]       print the resolved config: env filled in, defaults shown, secrets redacted
  record --out <f>  record the raw frames a live org or the emulator sends, for replay and tests
`;
