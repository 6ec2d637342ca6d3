import { defineSink, eventJson, insecureTlsWarning, SecretSet, type GcsLogger } from '@gcstream/core';
import { webhookOptionsSchema } from './options.js';
import { batchIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from './idempotencyKey.js';
import { bodyStart, networkError, retryAfterMs, statusError } from './responses.js';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './signature.js';
import { urlBasicAuth, webhookSecrets } from './_secrets.js';

export const webhookSink = defineSink({
  name: 'webhook',
  description: 'Sends batches of events as JSON to an HTTP endpoint, optionally signed with HMAC-SHA256; retries 408, 429, 5xx and network errors.',
  core: '^0.1.0',
  configSchema: webhookOptionsSchema,
  async create(config, ctx) {
    const url = new URL(config.url);
    // Named without query or credentials: this text goes into logs and dead letters.
    const target = `${config.method} ${url.origin}${url.pathname}`;
    const receiver = { target, origin: url.origin };
    const path = `${url.pathname}${url.search}`;
    const secrets = new SecretSet(webhookSecrets(config));
    const logger = ctx.logger as Partial<GcsLogger>;
    for (const value of secrets.values()) logger.registerSecret?.(value);
    const fixedHeaders: Record<string, string> = { ...config.headers, 'content-type': 'application/json', 'user-agent': 'gcstream' };
    const basic = urlBasicAuth(url);
    if (basic && !Object.keys(config.headers).some((name) => name.toLowerCase() === 'authorization')) fixedHeaders.authorization = basic;
    // No connection cap: the engine's maxInFlight decides how many requests run at once, and each
    // gets a kept-alive connection of its own instead of queueing behind another.
    const verify = !config.insecureSkipTlsVerify;
    if (!verify && url.protocol === 'https:') logger.warn?.({ sink: 'webhook', target }, insecureTlsWarning(`the webhook ${target}`, 'insecureSkipTlsVerify'));
    // undici is loaded when a webhook sink is made, not when the plugin is: every gcstream command
    // imports the built-in sinks, and undici took about 130 ms of each one's start.
    const { Pool } = await import('undici');
    const pool = new Pool(url.origin, { connections: null, keepAliveTimeout: 30_000, connect: { rejectUnauthorized: verify } });

    return {
      async write(batch) {
        if (batch.length === 0) return;
        // The same text as JSON.stringify({ events: batch }), each body as it arrived (see eventJson).
        let body = '{"events":[';
        for (let i = 0; i < batch.length; i++) body += (i === 0 ? '' : ',') + eventJson(batch[i]!);
        body += ']}';
        const headers: Record<string, string> = { ...fixedHeaders, [IDEMPOTENCY_KEY_HEADER]: batchIdempotencyKey(batch) };
        if (config.secret !== undefined) {
          const timestamp = String(Math.floor(Date.now() / 1000));
          headers[TIMESTAMP_HEADER] = timestamp;
          headers[SIGNATURE_HEADER] = signBody(config.secret, timestamp, body);
        }
        // One controller per request, cleared when it settles: a long-running pipeline sends
        // millions of requests, and nothing of one may stay attached to the pipeline's signal.
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, config.timeout);
        const stop = () => controller.abort();
        if (ctx.signal.aborted) stop();
        ctx.signal.addEventListener('abort', stop, { once: true });
        try {
          let response;
          try {
            response = await pool.request({ path, method: config.method, headers, body, signal: controller.signal });
          } catch (error) {
            throw networkError(receiver, error, config.timeout, timedOut, ctx.signal.aborted);
          }
          if (response.statusCode >= 200 && response.statusCode < 300) {
            try {
              // The answer is read to its end so the connection goes back to the pool.
              await response.body.dump();
            } catch (error) {
              throw networkError(receiver, error, config.timeout, timedOut, ctx.signal.aborted);
            }
            return;
          }
          const start = await bodyStart(response.body, secrets);
          throw statusError(target, response.statusCode, retryAfterMs(response.headers['retry-after']), start);
        } finally {
          clearTimeout(timer);
          ctx.signal.removeEventListener('abort', stop);
        }
      },
      async close() {
        await pool.close();
      },
    };
  },
});
