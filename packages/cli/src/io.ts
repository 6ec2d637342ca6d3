import { isAbsolute, relative } from 'node:path';
/** What a command reads and writes; tests and the bin pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

/**
 * Exit codes: 0 ok, 1 runtime failure (also a run in which a sink delivered none of the events it
 * was given, or events were lost), 2 usage or config error, 130 stopped at once by a second
 * Ctrl-C or SIGTERM (what was undelivered went to dead letters or the spool).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The signals that stop a run: Ctrl-C, a service manager's stop, and a closed terminal. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface StopHandlers {
  /** The first signal: drain the pipeline. */
  readonly stop: (signal: NodeJS.Signals) => void;
  /** The second: give up the drain, writing what is undelivered to dead letters or the spool. */
  readonly force: (signal: NodeJS.Signals) => void;
}

/**
 * A stop signal this soon after the last one counted is the same Ctrl-C. The terminal signals
 * every process of its foreground group, and wrappers such as `npx` and `pnpm` pass their copy on
 * to gcstream as well: one Ctrl-C under `pnpm gcstream run` arrived two or three times within a
 * few milliseconds, and the copies gave up the drain it had started.
 */
export const SIGNAL_ECHO_MS = 500;

/** When the last stop signal (counted or a copy) reached this process. */
let lastStopSignalAt = Number.NEGATIVE_INFINITY;

/** How long copies of the last stop signal may still arrive (0 when none came lately): released handlers catch them until then, and the bin waits it out before exiting. */
export function stopSignalEchoLeft(): number {
  return Math.max(0, lastStopSignalAt + SIGNAL_ECHO_MS - performance.now());
}

/**
 * The first stop signal drains, the second gives the drain up but still records what is left;
 * only a third exits at once, for a process stuck beyond that. Copies of one signal that arrive
 * within `SIGNAL_ECHO_MS` count once, including those that arrive after the release.
 */
export function onStopSignal(given: StopHandlers | ((signal: NodeJS.Signals) => void), onEcho?: (signal: NodeJS.Signals) => void): () => void {
  // A command with nothing to save (the emulator) passes one function: a second signal exits.
  const handlers: StopHandlers = typeof given === 'function' ? { stop: given, force: () => process.exit(EXIT.interrupted) } : given;
  let received = 0;
  let countedAt = Number.NEGATIVE_INFINITY;
  const handler = (signal: NodeJS.Signals) => {
    const now = performance.now();
    lastStopSignalAt = now;
    if (now - countedAt < SIGNAL_ECHO_MS) return onEcho?.(signal);
    countedAt = now;
    received++;
    if (received === 1) handlers.stop(signal);
    else if (received === 2) handlers.force(signal);
    else process.exit(EXIT.interrupted);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  const remove = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
  // Released while copies of the last signal may still come, the handler stays to catch them:
  // gone, a copy would kill the process halfway through closing (pnpm: "Command failed").
  return () => {
    const echoLeft = stopSignalEchoLeft();
    if (echoLeft > 0) setTimeout(remove, echoLeft).unref();
    else remove();
  };
}

/** A file as the user would type it: relative when it is under the working directory. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
