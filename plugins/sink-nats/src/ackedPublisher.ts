import type { Msg, MsgHdrs, NatsConnection } from '@nats-io/transport-node';

/** One message of a batch, ready to publish. */
export interface OutgoingMessage {
  readonly subject: string;
  readonly data: string;
  /** The `Nats-Msg-Id` header: the identity JetStream deduplicates by. */
  readonly id: string;
}

export interface PublishOutcome {
  /** Messages JetStream did not acknowledge: refused, unanswered or never sent. */
  readonly failed: number;
  /** The first failure, which decides whether the batch is worth publishing again. */
  readonly firstError?: unknown;
}

export interface AckedPublisher {
  /** Publishes every message and resolves when each one is acknowledged or has failed. */
  publish(messages: readonly OutgoingMessage[]): Promise<PublishOutcome>;
  /**
   * Fails every message still waiting for its acknowledgement, now: the connection was lost, and
   * an acknowledgement the server sent meanwhile never arrives. Their batches are retried once the
   * client is back (JetStream drops the copies it already stored) instead of waiting out ackTimeout.
   */
  abandon(error: Error): void;
}

/** Failure names `isRetryableNatsError` knows. */
const failure = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name }, extra);

/** A JetStream publish acknowledgement: `{stream, seq, duplicate}`, or `{error: {code, description}}`. */
function ackFailure(msg: Msg): Error | undefined {
  if (msg.headers?.code === 503) return failure('NoRespondersError', 'no responders: no stream captures the subject');
  if (msg.data.length === 0) return failure('JetStreamApiError', 'empty acknowledgement', { status: msg.headers?.code ?? 0 });
  let ack: { error?: { code?: number; err_code?: number; description?: string } };
  try {
    ack = msg.json();
  } catch {
    return failure('JetStreamApiError', 'acknowledgement is not JSON', { status: 0 });
  }
  if (!ack.error) return undefined;
  return failure('JetStreamApiError', `${ack.error.description ?? 'publish refused'} (${ack.error.err_code ?? ack.error.code})`, { status: ack.error.code ?? 0, code: ack.error.err_code });
}

/**
 * JetStream publishes pipelined over one NATS connection: each message is published with a reply
 * subject under one inbox subscription, and acknowledgements are matched to messages by that
 * subject. `js.publish` makes a request, a promise and a timer for every message; the client's CPU
 * was what bounded the sink, at about 45 µs an event against about 20 µs here, serialization
 * included (bench/sink-nats.ts).
 * At most `maxPending` messages wait for their acknowledgement at once; a batch fails the messages
 * still unanswered when no acknowledgement came for `ackTimeout`.
 */
export function createAckedPublisher(
  nc: NatsConnection,
  makeHeaders: () => MsgHdrs,
  inbox: string,
  options: { readonly maxPending: number; readonly ackTimeout: number },
): AckedPublisher {
  const waiting = new Map<string, (error: Error | undefined) => void>();
  /** Each batch still publishing: fails what it has not had acknowledged. */
  const batches = new Set<(error: Error) => void>();
  let counter = 0;
  nc.subscribe(`${inbox}.*`, {
    callback: (error, msg) => {
      if (error) return;
      const token = msg.subject.slice(inbox.length + 1);
      const settle = waiting.get(token);
      if (!settle) return; // The batch already gave up on it.
      waiting.delete(token);
      settle(ackFailure(msg));
    },
  });

  return {
    publish(messages) {
      return new Promise((resolve) => {
        const tokens: string[] = [];
        let next = 0;
        let settled = 0;
        let failed = 0;
        let firstError: unknown;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          batches.delete(abandonBatch);
          for (const token of tokens) waiting.delete(token);
          resolve({ failed, firstError });
        };
        const abandonBatch = (error: Error) => {
          for (let i = settled; i < messages.length; i++) fail(error);
          settled = messages.length;
          finish();
        };
        batches.add(abandonBatch);
        const fail = (error: unknown) => {
          failed++;
          firstError ??= error;
        };
        const onAck = (error: Error | undefined) => {
          settled++;
          if (error) fail(error);
          if (settled === messages.length) finish();
          else {
            timer?.refresh();
            pump();
          }
        };
        const pump = () => {
          while (next < messages.length && next - settled < options.maxPending) {
            const message = messages[next++]!;
            const token = String(++counter);
            try {
              // Inside the try: an id with a line break throws here, and pump also runs in the inbox
              // subscription's callback, where a throw stops the connection's reader for good.
              const headers = makeHeaders();
              headers.set('Nats-Msg-Id', message.id);
              nc.publish(message.subject, message.data, { headers, reply: `${inbox}.${token}` });
              tokens.push(token);
              waiting.set(token, onAck);
            } catch (error) {
              // Never sent (connection closed, message over the server's max payload, an id no header can carry).
              settled++;
              fail(error);
            }
          }
          if (settled === messages.length) finish();
        };
        // No progress for ackTimeout: what is still unanswered counts as failed.
        timer = setTimeout(() => abandonBatch(failure('TimeoutError', `no acknowledgement within ${options.ackTimeout} ms`)), options.ackTimeout);
        pump();
      });
    },
    abandon(error) {
      for (const abandonBatch of [...batches]) abandonBatch(error);
    },
  };
}
