import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { errors } from '@gcstream/core';
import { flag, parseCommandArgs, text } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { INIT_USAGE } from '../commandUsage.js';
import { editorSchema } from '../editorSchema.js';
import { GOAL_DESCRIPTIONS, GOALS, type Goal } from '../init/goals.js';
import { envExample, gitignoreWithEnv, pipelineYaml, SCHEMA_FILE, type InitAnswers } from '../init/pipelineFile.js';
import { Prompter, type Answer } from '../init/prompter.js';
import { EXIT, displayPath, type CliIo, type ExitCode } from '../io.js';

const REGION = /^(emulator|[a-z]{2}-[a-z]+-\d|[a-z0-9-]+(\.[a-z0-9-]+)+)$/;

const acceptGoal = (answer: string): Answer<Goal> => {
  const byNumber = /^\d+$/.test(answer) ? GOALS[Number(answer) - 1] : undefined;
  const goal = byNumber ?? GOALS.find((g) => g === answer.toLowerCase());
  return goal ? { value: goal } : { problem: `"${answer}" is not a goal: answer one of ${GOALS.join(', ')} (or its number).` };
};
const acceptRegion = (answer: string): Answer<string> =>
  REGION.test(answer) ? { value: answer } : { problem: `"${answer}" is not a region: answer emulator, a region such as us-east-1 or eu-west-1, or a domain such as mypurecloud.ie.` };
const acceptQueues = (answer: string): Answer<InitAnswers['queues']> => {
  if (answer.toLowerCase() === 'all') return { value: 'all' };
  const names = answer.split(',').map((q) => q.trim()).filter(Boolean);
  return names.length ? { value: names } : { problem: 'answer all, or queue names or ids separated by commas.' };
};

/** `gcstream init`: a new pipeline config, its .env.example and the editor schema, from three questions. */
export async function initCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('init', args, {
    goal: { type: 'string' },
    region: { type: 'string' },
    queues: { type: 'string' },
    file: { type: 'string' },
    dir: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
  });
  if (flag(parsed, 'help')) {
    io.stdout.write(INIT_USAGE);
    return EXIT.ok;
  }
  const dir = resolve(io.cwd, text(parsed, 'dir') ?? '.');
  const fileName = text(parsed, 'file') ?? 'pipeline.yaml';
  const target = join(dir, fileName);
  if (existsSync(target) && !flag(parsed, 'force')) throw errors.usage(`${displayPath(target, io.cwd)} already exists: choose another --file, or pass --force to overwrite it.`);
  const answers = await gather(parsed, io, flag(parsed, 'yes'));

  await mkdir(dir, { recursive: true });
  await writeFile(target, pipelineYaml(answers, fileName));
  await writeFile(join(dir, SCHEMA_FILE), `${JSON.stringify(editorSchema(builtinRegistry()), null, 2)}\n`);
  const envFile = join(dir, '.env.example');
  if (!existsSync(envFile) || flag(parsed, 'force')) await writeFile(envFile, envExample(answers));
  const gitignore = join(dir, '.gitignore');
  const updated = gitignoreWithEnv(existsSync(gitignore) ? await readFile(gitignore, 'utf8') : undefined);
  if (updated !== undefined) await writeFile(gitignore, updated);

  const shown = displayPath(target, io.cwd);
  io.stdout.write(
    `wrote ${shown}, ${SCHEMA_FILE}, .env.example${updated !== undefined ? ' and .env in .gitignore' : ''}.\nnext:\n  gcstream test ${shown}\n  gcstream run ${shown}${answers.region === 'emulator' ? '   # on the built-in emulator' : '   # after exporting the variables in .env.example'}\n`,
  );
  return EXIT.ok;
}

async function gather(parsed: ReturnType<typeof parseCommandArgs>, io: CliIo, defaults: boolean): Promise<InitAnswers> {
  const given = (name: string, accept: (a: string) => Answer<unknown>) => {
    const value = text(parsed, name);
    if (value === undefined) return undefined;
    const result = accept(value);
    if ('problem' in result) throw errors.usage(`--${name}: ${result.problem}`);
    return result.value;
  };
  const goal = given('goal', acceptGoal) as Goal | undefined;
  const region = given('region', acceptRegion) as string | undefined;
  const queues = given('queues', acceptQueues) as InitAnswers['queues'] | undefined;
  if (defaults || (goal !== undefined && region !== undefined && queues !== undefined)) {
    return { goal: goal ?? 'console', region: region ?? 'emulator', queues: queues ?? 'all' };
  }
  // Questions go to standard error so that standard output stays what init did.
  const prompter = new Prompter(process.stdin, io.stderr);
  try {
    if (goal === undefined) io.stderr.write(`What should the pipeline do?\n${GOALS.map((g, i) => `  ${i + 1}. ${g.padEnd(10)} ${GOAL_DESCRIPTIONS[g]}`).join('\n')}\n`);
    return {
      goal: goal ?? (await prompter.ask('goal', 'console', acceptGoal)),
      region: region ?? (await prompter.ask('Genesys Cloud region (emulator: the built-in one, no account needed)', 'emulator', acceptRegion)),
      queues: queues ?? (await prompter.ask('queues to watch (all, or names separated by commas)', 'all', acceptQueues)),
    };
  } finally {
    prompter.close();
  }
}
