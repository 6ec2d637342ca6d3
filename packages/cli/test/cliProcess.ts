import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code once the process ended and its output was read. */
  readonly exited: Promise<number | null>;
}

/** Starts the built CLI (`pnpm build` makes dist; turbo's test task builds first). */
export function startCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first (the turbo test task does).`);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = startCli(args, options);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Waits for a condition on a running process's output, event by event. */
export function waitFor(run: CliRun, check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (!check()) return;
      done();
      resolve();
    };
    const onExit = () => {
      done();
      reject(new Error(`the CLI exited before ${what}.\nstderr:\n${run.stderr()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}.\nstderr:\n${run.stderr()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      run.child.stdout!.off('data', onData);
      run.child.stderr!.off('data', onData);
      run.child.off('exit', onExit);
    };
    run.child.stdout!.on('data', onData);
    run.child.stderr!.on('data', onData);
    run.child.on('exit', onExit);
    onData();
  });
}

/** pino lines on standard error, parsed. */
export function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
