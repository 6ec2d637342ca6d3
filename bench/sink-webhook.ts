/**
 * Webhook sink throughput: events/s POSTed by `@gcstream/sink-webhook` in batches to a local
 * receiver, against a bare undici POST loop sending the same batches with the same concurrency,
 * alternating in the same run. The receiver runs in a child process (its own event loop) and
 * parses every body, so both sides are checked to deliver every event.
 *
 *   node --conditions=@gcstream/source --import tsx bench/sink-webhook.ts [--events 200000] [--batch 500] [--in-flight 4] [--rounds 3] [--secret]
 *
 * `--in-flight` is the engine's maxInFlight; `--secret` signs every request (HMAC-SHA256 of the body).
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '500' },
    'in-flight': { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    secret: { type: 'boolean', default: false },
    receiver: { type: 'boolean', default: false },
  },
});

if (values.receiver) {
  // The child: a plain node:http receiver that counts the events it was sent.
  const { createServer } = await import('node:http');
  let events = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      events += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: unknown[] }).events.length;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('message', (message: string) => {
    if (message === 'count') {
      process.send!({ events });
      events = 0;
    } else process.exit(0);
  });
} else {
  const total = Number(values.events);
  const batchSize = Number(values.batch);
  const inFlight = Number(values['in-flight']);
  const rounds = Number(values.rounds);
  const core = await import('../packages/core/src/index.js');
  const { sampleEvents } = await import('../packages/testkit/src/index.js');
  const { webhookSink } = await import('../plugins/sink-webhook/src/index.js');
  const { Pool } = createRequire(new URL('../plugins/sink-webhook/package.json', import.meta.url))('undici') as typeof import('undici');

  const receiver = fork(new URL(import.meta.url).pathname, ['--receiver'], { execArgv: process.execArgv });
  const ask = <T>(message?: string) => new Promise<T>((resolve) => {
    receiver.once('message', (reply) => resolve(reply as T));
    if (message) receiver.send(message);
  });
  const { port } = await ask<{ port: number }>();
  const url = `http://127.0.0.1:${port}/hooks/genesys`;

  const templates = sampleEvents(2000, 1);
  const events = Array.from({ length: total }, (_, i) => ({ ...templates[i % templates.length]!, key: `bench-${i}` }));
  const batches: (typeof events)[] = [];
  for (let i = 0; i < total; i += batchSize) batches.push(events.slice(i, i + batchSize));

  /** Runs `send` over every batch with at most `inFlight` at once; events/s. */
  const timed = async (send: (batch: (typeof events)[number][]) => Promise<void>): Promise<number> => {
    const started = performance.now();
    const running = new Set<Promise<void>>();
    for (const batch of batches) {
      const request = send(batch).finally(() => running.delete(request));
      running.add(request);
      if (running.size >= inFlight) await Promise.race(running);
    }
    await Promise.all(running);
    const rate = (total * 1000) / (performance.now() - started);
    const { events: received } = await ask<{ events: number }>('count');
    if (received !== total) throw new Error(`the receiver got ${received} of ${total} events`);
    return rate;
  };

  const raw = async (): Promise<number> => {
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: null });
    try {
      return await timed(async (batch) => {
        const response = await pool.request({ path: '/hooks/genesys', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }) });
        await response.body.dump();
        if (response.statusCode >= 300) throw new Error(`status ${response.statusCode}`);
      });
    } finally {
      await pool.close();
    }
  };

  const gcstream = async (): Promise<number> => {
    const options = { url, ...(values.secret ? { secret: 'bench-secret-0123456789abcdef' } : {}) };
    const sink = await webhookSink.create(webhookSink.configSchema.parse(options), {
      logger: core.createLogger({ level: 'silent' }),
      metrics: core.createMetrics(),
      signal: new AbortController().signal,
      baseDir: '.',
      stdout: process.stdout,
    });
    try {
      return await timed((batch) => sink.write(batch));
    } finally {
      await sink.close();
    }
  };

  console.log(`${total} events, batch ${batchSize}, in flight ${inFlight}${values.secret ? ', signed' : ''}, ${rounds} rounds`);
  const ratios: number[] = [];
  const rates: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const bare = await raw();
    const sink = await gcstream();
    ratios.push(sink / bare);
    rates.push(sink);
    console.log(`round ${round}: bare undici POST ${Math.round(bare)} events/s, webhook sink ${Math.round(sink)} events/s, ratio ${(sink / bare).toFixed(2)}`);
  }
  console.log(`median: webhook sink ${Math.round(median(rates))} events/s, ratio webhook sink/bare undici ${median(ratios).toFixed(2)}`);
  receiver.send('exit');
}
