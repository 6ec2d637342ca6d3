import { errors, loadConfig, operatorStages } from '@gcstream/core';
import { atMostOnePositional, flag, parseCommandArgs } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, displayPath, type CliIo, type ExitCode } from '../io.js';
import { runTestCase } from '../pipelineTests/runTestCase.js';
import { TEST_USAGE } from '../usage.js';

export async function testCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('test', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(TEST_USAGE);
    return EXIT.ok;
  }
  const loaded = await loadConfig(atMostOnePositional('test', parsed.positionals), { cwd: io.cwd, env: io.env, registry: builtinRegistry() });
  const name = displayPath(loaded.file, io.cwd);
  const cases = loaded.tests;
  if (cases.length === 0) throw errors.usage(`${name} has no tests: add a \`tests:\` list of cases (input notifications and what to expect). See \`gcstream test --help\`.`);
  const operators = operatorStages(loaded.operators);
  let failed = 0;
  for (const testCase of cases) {
    const result = await runTestCase(testCase, operators);
    if (result.failures.length === 0) {
      io.stdout.write(`  ok    ${result.name}\n`);
      continue;
    }
    failed++;
    io.stdout.write(`  FAIL  ${result.name}\n${result.failures.map((f) => `        ${f}\n`).join('')}`);
  }
  io.stdout.write(`${name}: ${cases.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? EXIT.ok : EXIT.failure;
}
