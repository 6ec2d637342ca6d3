import type { NatsConnection } from '@nats-io/transport-node';
import { defineSink, errors, eventJson, redactUrlPasswords, fieldPath } from '@gcstream/core';
import { createAckedPublisher, type AckedPublisher } from './ackedPublisher.js';
import { describeError, isRetryableNatsError, publishFailed } from './natsErrors.js';
import { natsOptionsSchema } from './options.js';
import { compileSubjectTemplate } from './subjectTemplate.js';
import { ensureStream } from './stream.js';
import { LinkState } from './linkState.js';

async function loadClient() {
  try {
    const [transport, jetstream] = await Promise.all([import('@nats-io/transport-node'), import('@nats-io/jetstream')]);
    return { connect: transport.connect, headers: transport.headers, createInbox: transport.createInbox, jetstreamManager: jetstream.jetstreamManager };
  } catch (error) {
    throw errors.sinkFatal('nats', `cannot load the NATS client (${(error as Error).message}). Install it next to gcstream: pnpm add @nats-io/transport-node @nats-io/jetstream`, error);
  }
}

export const natsSink = defineSink({
  name: 'nats',
  description: 'Publishes each event to NATS JetStream with Nats-Msg-Id set to its key, so the duplicate window drops redeliveries; waits for every acknowledgement.',
  core: '^0.1.0',
  configSchema: natsOptionsSchema,
  create(config, ctx) {
    const subjects = compileSubjectTemplate(config.subject);
    const idOf = fieldPath(config.msgId);
    const servers = Array.isArray(config.servers) ? config.servers : [config.servers];
    // Server URLs may carry credentials (nats://user:password@host): messages name them without.
    const where = redactUrlPasswords(servers.join(', '));
    let nc: NatsConnection | undefined;
    let publisher: AckedPublisher | undefined;
    let link: LinkState | undefined;
    const inFlight = new Set<Promise<unknown>>();

    return {
      async connect() {
        const client = await loadClient();
        try {
          nc = await client.connect({
            servers,
            name: 'gcstream',
            // Keep reconnecting for as long as the pipeline runs; unacknowledged publishes are retried by the engine.
            maxReconnectAttempts: -1,
            reconnectTimeWait: 500,
            // The client otherwise makes two Error objects per publish to record where it began:
            // about a fifth of the CPU of a batch (bench/sink-nats.ts profile), for stack traces the
            // sink's own error messages do not need.
            noAsyncTraces: true,
            timeout: config.ackTimeout,
            ...(config.user !== undefined ? { user: config.user, pass: config.password } : {}),
            ...(config.token !== undefined ? { token: config.token } : {}),
          });
        } catch (error) {
          const message = `cannot connect to NATS at ${where}: ${describeError(error)}; is nats-server running (with -js for JetStream)?`;
          throw isRetryableNatsError(error) ? errors.sinkRetryable('nats', message, error) : errors.sinkFatal('nats', message, error);
        }
        try {
          const manager = await client.jetstreamManager(nc).catch((error: unknown) => {
            throw errors.sinkFatal('nats', `JetStream is not available on ${where} (${describeError(error)}): start nats-server with -js.`, error);
          });
          await ensureStream(manager, config, subjects.filter, ctx.logger);
        } catch (error) {
          // The engine may call connect again after a retryable failure: no connection is left behind.
          await nc.close();
          nc = undefined;
          throw error;
        }
        const connected = nc;
        const acked = createAckedPublisher(connected, client.headers, client.createInbox(), { maxPending: config.maxPending, ackTimeout: config.ackTimeout });
        publisher = acked;
        link = new LinkState();
        const state = link;
        // Retryable, as the client's own connection errors are (see natsErrors.ts).
        const connectionError = (what: string) => Object.assign(new Error(`connection to NATS at ${where} ${what} before the acknowledgement`), { name: 'ConnectionError' });
        void (async () => {
          for await (const status of connected.status()) {
            if (status.type === 'disconnect') {
              state.down();
              // A lost connection fails the publishes waiting for their acknowledgement at once, so
              // the engine retries them when the client is back rather than after ackTimeout (a
              // nats-server restart of 2 s held every batch for the 5 s default, and the buffer
              // filled behind it).
              acked.abandon(connectionError('lost'));
            } else if (status.type === 'reconnect') {
              // Publishes handed to the client before it was back may have gone nowhere (a server
              // that restarted knows nothing of them): they are published again now, not after ackTimeout.
              acked.abandon(connectionError('was re-established'));
              state.up();
            }
          }
        })().catch(() => {});
      },

      async write(batch) {
        if (batch.length === 0) return;
        const client = publisher;
        if (!client || !link) throw errors.sinkFatal('nats', 'write called before connect or after close');
        // While the client reconnects, a publish would wait in its buffer for an acknowledgement that
        // may never come: the batch waits for the connection instead, and is published the moment it is back.
        if (!(await link.whenUp(config.ackTimeout))) throw errors.sinkRetryable('nats', `the connection to NATS at ${where} is down and was not back within ${config.ackTimeout} ms; the client keeps reconnecting and the batch is published again`);
        const messages = batch.map((event) => {
          const id = idOf(event);
          if (typeof id !== 'string' || id === '') throw errors.sinkFatal('nats', `an event has no "${config.msgId}" to use as Nats-Msg-Id; set msgId to a field every event has`);
          return { subject: subjects.subjectOf(event), data: eventJson(event), id };
        });
        // Many messages wait for their acknowledgement at once; one round trip per message would
        // cap throughput at 1/RTT. The first failure decides whether the batch is retryable.
        const publishing = client.publish(messages);
        inFlight.add(publishing);
        const { failed, firstError } = await publishing.finally(() => inFlight.delete(publishing));
        if (failed > 0) throw publishFailed(failed, messages.length, firstError, subjects.filter);
      },

      async close() {
        // Publishes already started get their acknowledgements first: draining would drop them.
        await Promise.allSettled([...inFlight]);
        const connection = nc;
        nc = undefined;
        publisher = undefined;
        link?.closed();
        link = undefined;
        if (connection && !connection.isClosed()) await connection.drain().catch(() => connection.close());
      },
    };
  },
});
