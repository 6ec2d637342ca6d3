import { errors, loadConfig, operatorStages, type ResolvedSink } from '@gcstream/core';
import { flag, parseCommandArgs } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, displayPath, type CliIo, type ExitCode } from '../io.js';
import { runTestCase } from '../pipelineTests/runTestCase.js';
import { TEST_USAGE } from '../commandUsage.js';

/** `gcstream test [files...]`: every file's `tests:` cases; exit 1 when one fails. */
export async function testCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('test', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(TEST_USAGE);
    return EXIT.ok;
  }
  const files = parsed.positionals.length ? parsed.positionals : [undefined];
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const loaded = await loadConfig(file, { cwd: io.cwd, env: io.env, registry: builtinRegistry() });
    const name = displayPath(loaded.file, io.cwd);
    const cases = loaded.tests;
    if (cases.length === 0) throw errors.usage(`${name} has no tests: add a \`tests:\` list of cases (input notifications and what to expect). See \`gcstream test --help\`.`);
    const operators = operatorStages(loaded.operators);
    const sinks = loaded.sinks.flatMap((entry): ResolvedSink[] => (entry.resolved ? [entry.resolved] : []));
    if (files.length > 1) io.stdout.write(`${name}\n`);
    let fileFailed = 0;
    for (const testCase of cases) {
      const result = await runTestCase(testCase, operators, { baseDir: loaded.baseDir, sinks });
      if (result.failures.length === 0) {
        io.stdout.write(`  ok    ${result.name}\n`);
        continue;
      }
      fileFailed++;
      io.stdout.write(`  FAIL  ${result.name}\n${result.failures.map((f) => `${f.split('\n').map((line) => `        ${line}`).join('\n')}\n`).join('')}`);
    }
    io.stdout.write(`${name}: ${cases.length - fileFailed} passed, ${fileFailed} failed\n`);
    passed += cases.length - fileFailed;
    failed += fileFailed;
  }
  if (files.length > 1) io.stdout.write(`${files.length} files: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? EXIT.ok : EXIT.failure;
}
