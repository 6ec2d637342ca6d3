import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

/** A gcstream process whose output is kept in a file (for the secret scan) and in memory (to wait on). */
export interface Proc {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves at the first output line matching `pattern` after `since` chars, with its wall time. */
  waitFor(pattern: RegExp, timeoutMs: number, since?: number): Promise<number>;
}

export function startGcstream(args: readonly string[], cwd: string, logFile: string): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = createWriteStream(logFile);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    file.write(chunk);
    text += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    file.end();
    resolve(code);
  }));
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs, since = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text.slice(since))) return;
          done();
          resolve(Date.now());
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in ${logFile}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void exited.then(() => {
          if (!waiters.has(check)) return;
          done();
          reject(new Error(`${logFile}: the process exited while waiting for ${pattern}:\n${text.slice(-2000)}`));
        });
        check();
      });
    },
  };
}

/** pino lines of a process's output. */
export function logLines(text: string): Array<Record<string, unknown> & { time: number; msg: string }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown> & { time: number; msg: string }];
      } catch {
        return [];
      }
    });
}
