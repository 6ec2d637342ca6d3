import { Writable } from 'node:stream';
import { describeSinkConformance } from '@gcstream/testkit';
import { createLogger, createMetrics, type GenesysEvent } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { consoleSink } from './consoleSink.js';

/** A stdout stand-in that keeps what was printed. */
function capture(isTTY = false) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

let printed = capture();

describeSinkConformance('console', {
  definition: consoleSink,
  options: { format: 'json' },
  invalidOptions: [{ format: 'xml' }, { colour: 'always' }, { maxConversations: 0 }],
  context: () => ({ stdout: printed.stream }),
  // The json format prints each event whole, so what was delivered can be read back by key.
  deliveredKeys: () => {
    const keys = printed.lines().map((line) => (JSON.parse(line) as GenesysEvent).key);
    printed = capture();
    return keys;
  },
});

describe('console sink', () => {
  const ctx = (stdout: ReturnType<typeof capture>['stream']) => ({
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    signal: new AbortController().signal,
    baseDir: '.',
    stdout,
  });
  const event = (n: number): GenesysEvent => ({
    topicName: 'v2.users.u1.presence',
    version: '2',
    eventBody: { presenceDefinition: { id: 'p', systemPresence: 'AVAILABLE' } },
    metadata: {},
    topic: 'v2.users.{id}.presence',
    family: 'presence',
    ids: ['u1'],
    eventTime: Date.UTC(2026, 0, 1, 14, 2, n),
    receivedAt: 0,
    source: 'websocket',
    key: `k${n}`,
  });

  it('prints one line per event, in order, and resolves when written', async () => {
    const out = capture();
    const sink = await consoleSink.create(consoleSink.configSchema.parse({ timeZone: 'utc', color: 'never' }), ctx(out.stream));
    await sink.write([event(1), event(2)]);
    expect(out.lines()).toEqual(['14:02:01 presence     user u1  AVAILABLE', '14:02:02 presence     user u1  AVAILABLE']);
    await sink.close();
  });

  it('colours on a TTY with auto, and not on a pipe', async () => {
    const tty = capture(true);
    const sink = await consoleSink.create(consoleSink.configSchema.parse({ timeZone: 'utc' }), ctx(tty.stream));
    await sink.write([event(1)]);
    const previous = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      const tty2 = capture(true);
      const sink2 = await consoleSink.create(consoleSink.configSchema.parse({ timeZone: 'utc' }), ctx(tty2.stream));
      await sink2.write([event(1)]);
      expect(tty2.text()).toContain('\u001b[');
      const pipe = capture(false);
      const sink3 = await consoleSink.create(consoleSink.configSchema.parse({ timeZone: 'utc' }), ctx(pipe.stream));
      await sink3.write([event(1)]);
      expect(pipe.text()).not.toContain('\u001b[');
      process.env.NO_COLOR = '1';
      const tty3 = capture(true);
      const sink4 = await consoleSink.create(consoleSink.configSchema.parse({ timeZone: 'utc' }), ctx(tty3.stream));
      await sink4.write([event(1)]);
      expect(tty3.text()).not.toContain('\u001b[');
    } finally {
      if (previous === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = previous;
    }
  });

  it('json prints the whole event', async () => {
    const out = capture();
    const sink = await consoleSink.create(consoleSink.configSchema.parse({ format: 'json' }), ctx(out.stream));
    await sink.write([event(3)]);
    expect(JSON.parse(out.lines()[0]!)).toEqual(event(3));
  });

  it('rejects with a sink error when standard output fails', async () => {
    const broken = Object.assign(
      new Writable({
        write(_chunk, _encoding, callback) {
          callback(new Error('EPIPE'));
        },
      }),
      { isTTY: false },
    );
    broken.on('error', () => {});
    const sink = await consoleSink.create(consoleSink.configSchema.parse({}), ctx(broken));
    await expect(sink.write([event(1)])).rejects.toThrow(/\[sink:console\] cannot write to standard output: EPIPE/);
  });
});
