import type { JetStreamManager } from '@nats-io/jetstream';
import type { SinkContext } from '@gcstream/core';
import { errors } from '@gcstream/core';
import { describeError } from './natsErrors.js';
import type { NatsOptions } from './options.js';

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

const apiCode = (error: unknown) => (error as { code?: unknown } | null)?.code;

/**
 * Checks that the stream exists, or creates it (with `createStream`) capturing every subject the
 * template makes. A stream created by another gcstream process at the same moment is fine.
 */
export async function ensureStream(manager: JetStreamManager, config: NatsOptions, filter: string, logger: SinkContext['logger']): Promise<void> {
  try {
    await manager.streams.info(config.stream);
    return;
  } catch (error) {
    if (apiCode(error) !== STREAM_NOT_FOUND) throw errors.sinkRetryable('nats', `cannot read stream ${config.stream}: ${describeError(error)}`, error);
    if (!config.createStream)
      throw errors.sinkFatal('nats', `stream ${config.stream} does not exist. Create it (nats stream add ${config.stream} --subjects '${filter}') or set createStream: true.`);
  }
  try {
    await manager.streams.add({ name: config.stream, subjects: [filter], duplicate_window: config.duplicateWindow * 1_000_000 });
    logger.info({ stream: config.stream, subjects: [filter], duplicateWindowMs: config.duplicateWindow }, `created stream ${config.stream}`);
  } catch (error) {
    if (apiCode(error) === STREAM_NAME_IN_USE) return;
    throw errors.sinkFatal('nats', `cannot create stream ${config.stream} for ${filter}: ${describeError(error)}`, error);
  }
}
