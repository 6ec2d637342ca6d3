import type { Logger } from 'pino';
import type { SchedulerLike } from 'rxjs';
import type { Metrics } from '../metrics/metrics.js';
import type { Sink, SinkContext } from './defineSink.js';
import { errors, isGcsError } from '../errors/errors.js';
import { redactUrlPasswords, type SecretSet } from '../logging/redact.js';
import { backoffDelay } from '../retry/backoff.js';
import { sleep } from './_sleep.js';
import type { SinkEngineOptions } from './sinkEngineOptions.js';
import { describeError, isRetryableError } from './sinkErrors.js';

export interface SinkToOpen {
  readonly name: string;
  readonly engine: SinkEngineOptions;
  create(ctx: SinkContext): Sink | Promise<Sink>;
}

export interface OpenSinksContext {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly baseDir: string;
  readonly stdout: SinkContext['stdout'];
  /** Aborted on a hard stop; also ends connect retries. */
  readonly signal: AbortSignal;
  readonly random?: (() => number) | undefined;
  /** Where the connect retries wait. @default asyncScheduler */
  readonly scheduler?: SchedulerLike | undefined;
  readonly directory?: SinkContext['directory'];
}

/**
 * Creates and connects every sink before any event flows. A retryable connect failure (a database
 * still starting) is retried with the sink's own retry policy; anything else, or the last retry,
 * closes what was already opened and rejects, so a half-started pipeline leaves nothing behind.
 * A plain error from a plugin's `create` or `connect` is rejected as a gcstream error that names
 * the sink, with secrets scrubbed from its message: the CLI prints it as it is, without a stack.
 */
export async function openSinks<S extends SinkToOpen>(specs: readonly S[], ctx: OpenSinksContext): Promise<Array<{ spec: S; sink: Sink }>> {
  const opened: Array<{ spec: S; sink: Sink }> = [];
  let starting: S | undefined;
  try {
    for (const spec of specs) {
      starting = spec;
      const logger = ctx.logger.child({ sink: spec.name });
      const sink = await spec.create({ logger, metrics: ctx.metrics, signal: ctx.signal, baseDir: ctx.baseDir, stdout: ctx.stdout, ...(ctx.directory ? { directory: ctx.directory } : {}) });
      opened.push({ spec, sink });
      await connectWithRetry(sink, spec.engine, logger, ctx);
    }
    return opened;
  } catch (error) {
    await Promise.allSettled(opened.map(({ sink }) => sink.close()));
    throw starting === undefined ? error : startFailure(starting.name, error, ctx.logger);
  }
}

function startFailure(sink: string, error: unknown, logger: Logger): unknown {
  if (isGcsError(error)) return error;
  const secrets = (logger as Logger & { secrets?: SecretSet }).secrets;
  const message = describeError(error);
  const why = secrets ? secrets.scrub(message) : redactUrlPasswords(message);
  return errors.sinkFatal(sink, `cannot start: ${why}. Check this sink's options in the config, and that what it writes to is reachable.`, error);
}

async function connectWithRetry(sink: Sink, engine: SinkEngineOptions, logger: Logger, ctx: OpenSinksContext): Promise<void> {
  if (!sink.connect) return;
  for (let attempt = 0; ; attempt++) {
    try {
      await sink.connect();
      return;
    } catch (error) {
      if (!isRetryableError(error) || attempt >= engine.retry.attempts || ctx.signal.aborted) throw error;
      const delay = backoffDelay(attempt, { ...engine.retry, random: ctx.random });
      logger.warn({ err: error, attempt: attempt + 1, delayMs: delay }, 'cannot connect yet, retrying');
      await sleep(delay, ctx.signal, ctx.scheduler);
    }
  }
}
