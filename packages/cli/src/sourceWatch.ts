import type { GcsLogger, SourceStatus, SourceStatusBase } from '@gcstream/core';

/** When a source still starting is reported again, in seconds since the run began. */
const STARTING_REPORTS = [10, 30, 60];
/** Seconds without a frame on a running source before the log says so (the status line says it sooner). */
const QUIET_REPORT_SECONDS = 60;

/**
 * Says in the log what the status line shows on a terminal: what the source is retrying, that it
 * is still starting, that nothing has arrived for a while. A run under a service manager has no
 * status line, and a stall must not look like a healthy idle.
 */
export class SourceWatch {
  readonly #reported = new Set<string>();
  readonly #startedAt: number;
  #startingReports = 0;
  #frames = 0;
  #lastFrameAt: number;
  #quietReported = false;

  constructor(
    private readonly status: () => SourceStatusBase | undefined,
    private readonly logger: Pick<GcsLogger, 'info' | 'warn'>,
    now = Date.now(),
  ) {
    this.#startedAt = now;
    this.#lastFrameAt = now;
  }

  /** Reads the status once; called every second while the run lasts. */
  check(now = Date.now()): void {
    const status = this.status();
    if (!status) return;
    const problems = (status as Partial<SourceStatus>).problems ?? [];
    for (const problem of problems) {
      if (this.#reported.has(problem)) continue;
      this.#reported.add(problem);
      this.logger.warn({ problem }, `source: ${problem}`);
    }
    for (const problem of this.#reported) {
      if (problems.includes(problem)) continue;
      this.#reported.delete(problem);
      this.logger.info({ problem }, 'source: recovered from the problem above');
    }
    const elapsed = (now - this.#startedAt) / 1000;
    if (status.state === 'starting' && this.#startingReports < STARTING_REPORTS.length && elapsed >= STARTING_REPORTS[this.#startingReports]!) {
      this.#startingReports++;
      this.logger.warn({ seconds: Math.round(elapsed), problems }, `source still starting after ${Math.round(elapsed)} s${problems.length ? `: ${problems.join('; ')}` : ' (logging in, discovering topics, opening channels)'}`);
    }
    if (status.framesReceived !== this.#frames) {
      this.#frames = status.framesReceived;
      this.#lastFrameAt = now;
      this.#quietReported = false;
    } else if (status.state === 'running' && !this.#quietReported && now - this.#lastFrameAt >= QUIET_REPORT_SECONDS * 1000) {
      this.#quietReported = true;
      const sockets = (status as Partial<SourceStatus>).connectedSockets;
      this.logger.info(
        { seconds: QUIET_REPORT_SECONDS, sockets },
        `no events for ${QUIET_REPORT_SECONDS} s${sockets === undefined ? '' : ` on ${sockets} socket${sockets === 1 ? '' : 's'}`}: a quiet contact center, or a socket the heartbeat watchdog will replace`,
      );
    }
  }

  /** Checks every `intervalMs` until the returned function is called. */
  start(intervalMs = 1000): () => void {
    const timer = setInterval(() => this.check(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
