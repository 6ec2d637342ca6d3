import { EXIT, processIo, type CliIo, type ExitCode } from './io.js';
import { TOOL_COMMANDS, type Command } from './toolCommands.js';
import { MAIN_USAGE } from './usage.js';
import { CLI_VERSION } from './version.js';

/**
 * Each command's module, loaded when that command runs: loading core and every command took
 * 0.8 s before `gcstream --version` or `--help` could print a line.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  test: async () => (await import('./commands/test.js')).testCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
  plugins: async () => (await import('./commands/plugins.js')).pluginsCommand,
  emulator: async () => (await import('./commands/emulator.js')).emulatorCommand,
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
    // Own keys only: `gcstream toString` is an unknown command, not Object.prototype's.
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (command === undefined) {
      io.stderr.write(`[gcstream] unknown command "${first}". Commands: ${Object.keys(COMMANDS).join(', ')}. See \`gcstream --help\`.\n`);
      return EXIT.usage;
    }
    return await (await command())(rest, io);
  } catch (error) {
    return await report(error, io);
  }
}

/**
 * Usage and config errors are the user's to fix: the message, no stack, exit 2. Runtime failures
 * exit 1; only unexpected ones show a stack. Every message is scrubbed of the config's secrets and
 * URL passwords: an error from a client library may quote its DSN or its request headers.
 */
async function report(error: unknown, io: CliIo): Promise<ExitCode> {
  // Loaded here, not up front (see COMMANDS): the command that failed has most likely loaded them already.
  const [{ isGcsError }, { knownSecrets }] = await Promise.all([import('@gcstream/core'), import('./knownSecrets.js')]);
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
