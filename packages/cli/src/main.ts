import { isGcsError } from '@gcstream/core';
import { emulatorCommand } from './commands/emulator.js';
import { pluginsCommand } from './commands/plugins.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { testCommand } from './commands/test.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, processIo, type CliIo, type ExitCode } from './io.js';
import { knownSecrets } from './knownSecrets.js';
import { TOOL_COMMANDS } from './toolCommands.js';
import { MAIN_USAGE } from './usage.js';
import { CLI_VERSION } from './version.js';

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<ExitCode>> = {
  run: runCommand,
  validate: validateCommand,
  test: testCommand,
  schema: schemaCommand,
  plugins: pluginsCommand,
  emulator: emulatorCommand,
  ...TOOL_COMMANDS,
};

/** Runs one `gcstream` invocation and returns its exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout.write(MAIN_USAGE);
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '-v' || first === '--version' || first === 'version') {
      io.stdout.write(`${CLI_VERSION}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS[first];
    if (!command) {
      io.stderr.write(`[gcstream] unknown command "${first}". Commands: ${Object.keys(COMMANDS).join(', ')}. See \`gcstream --help\`.\n`);
      return EXIT.usage;
    }
    return await command(rest, io);
  } catch (error) {
    return report(error, io);
  }
}

/**
 * Usage and config errors are the user's to fix: the message, no stack, exit 2. Runtime failures
 * exit 1; only unexpected ones show a stack. Every message is scrubbed of the config's secrets and
 * URL passwords: an error from a client library may quote its DSN or its request headers.
 */
function report(error: unknown, io: CliIo): ExitCode {
  const print = (text: string) => io.stderr.write(`${knownSecrets.scrub(text)}\n`);
  const usage = isGcsError(error) ? error.usage : (error as { usage?: unknown } | undefined)?.usage === true;
  if (usage) {
    print((error as Error).message);
    return EXIT.usage;
  }
  // A gcstream error already says what failed and what to do; a stack would only bury that.
  if (isGcsError(error)) {
    print(error.message);
    return EXIT.failure;
  }
  print(`[gcstream] unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failure;
}
