/**
 * A gcstream file sink writing without pause until it is killed: the child process of the
 * `kill -9` test. Big events make every write take long enough for the kill to land inside one.
 *
 *   node --conditions=@gcstream/source --import tsx test/_killableWriter.ts <dir>
 */
import { createLogger, createMetrics } from '@gcstream/core';
import { fileSink } from '../src/fileSink.js';
import { eventsAt } from './events.js';

const dir = process.argv[2]!;
const sink = await fileSink.create(fileSink.configSchema.parse({ path: 'stream.ndjson' }), {
  logger: createLogger({ level: 'silent' }),
  metrics: createMetrics(),
  signal: new AbortController().signal,
  baseDir: dir,
  stdout: process.stdout,
});
const padding = 'x'.repeat(256 * 1024);
for (let batch = 0; ; batch++) {
  const events = eventsAt(32, Date.now(), `b${batch}-`).map((event) => ({ ...event, eventBody: { ...(event.eventBody as object), padding } }));
  await sink.write(events);
  if (batch === 0) process.stdout.write('writing\n');
}
