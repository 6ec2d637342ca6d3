/**
 * Errors the emulator throws at its caller (bad options, bad fault specs). They carry the same
 * `code` and `usage` fields as `@gcstream/core`'s `GcsError`, so the CLI prints them as usage errors,
 * without making the emulator depend on core (core's integration tests depend on the emulator).
 */
export class EmulatorUsageError extends Error {
  readonly code = 'GCS_USAGE';
  readonly usage = true;
  readonly retryable = false;
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(`[gcstream] [emulator] ${message}`);
    this.name = 'GcsError';
    this.details = details;
  }
}

export const emulatorErrors = {
  faultSpec: (spec: string, problem: string) =>
    new EmulatorUsageError(`bad fault spec "${spec}": ${problem}. See the emulator README, e.g. --faults "drop-sockets:every=15s,429:count=5".`, { spec }),
  option: (name: string, problem: string) => new EmulatorUsageError(`option ${name}: ${problem}.`, { option: name }),
  listen: (host: string, port: number, cause: NodeJS.ErrnoException) =>
    new EmulatorUsageError(
      cause.code === 'EADDRINUSE'
        ? `port ${port} on ${host} is already in use; stop what is using it or pick another port (--port 0 takes any free one).`
        : `cannot listen on ${host}:${port} (${cause.code ?? cause.message}); check the host and port.`,
      { host, port, code: cause.code },
    ),
};
