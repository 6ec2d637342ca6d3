/**
 * Writes the sample traffic the analytics examples' `tests:` read, from the emulator's simulated
 * contact center (the same seed gives the same files), and prints Genesys's numbers for it (the
 * emulator's aggregates), which the tests expect.
 *
 *   node --conditions=@gcstream/source --import tsx examples/testdata/record-samples.ts
 */
import { writeFileSync } from 'node:fs';
import { createContactCenter, createManualClock } from '../../packages/emulator/src/index.js';

const START = Date.UTC(2026, 0, 5, 9, 15);
const MINUTES = 25;
const clock = createManualClock(START);
const cc = createContactCenter({ clock, seed: 7, startTime: START, queues: 1, agents: 3, arrivalRatePerMinute: 0.8, mediaMix: { voice: 0.75, chat: 0.25, message: 0, callback: 0, email: 0 }, observationIntervalMs: 60_000 });
const queueTraffic: string[] = [];
const transcripts: string[] = [];
let n = 0;
cc.onNotification((note) => {
  const line = JSON.stringify({ topicName: note.topicName, version: '2', eventBody: note.eventBody, metadata: { CorrelationId: `sample-${n++}` } });
  const t = note.topicName;
  if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(t) || /\.observations$/.test(t) || /\.acd\.(start|end)$/.test(t)) queueTraffic.push(line);
  if (/\.transcription$/.test(t) || /^v2\.routing\.queues\.[^.]+\.conversations$/.test(t)) transcripts.push(line);
});
cc.start();
clock.advance(MINUTES * 60_000);
cc.stop();

const dir = new URL('.', import.meta.url);
writeFileSync(new URL('queue-traffic.ndjson', dir), `${queueTraffic.join('\n')}\n`);
// Transcripts: only the conversations that spoke, with their queue events.
const speaking = new Set(transcripts.filter((l) => l.includes('.transcription"')).map((l) => /v2\.conversations\.([^.]+)\.transcription/.exec(l)![1]!));
const first = [...speaking].slice(0, 2);
writeFileSync(new URL('transcripts.ndjson', dir), `${transcripts.filter((l) => first.some((id) => l.includes(id))).join('\n')}\n`);

const HALF = 1_800_000;
for (let from = Math.floor(START / HALF) * HALF; from < START + MINUTES * 60_000; from += HALF) {
  const rows = new Map<string, Record<string, number>>();
  for (const e of cc.metricEmissions(from, from + HALF)) {
    if (e.queueId === undefined) continue;
    const key = `${e.queueId} ${e.mediaType}`;
    const row = rows.get(key) ?? {};
    row[e.name] = (row[e.name] ?? 0) + 1;
    row[`${e.name}.sum`] = (row[`${e.name}.sum`] ?? 0) + e.value;
    rows.set(key, row);
  }
  for (const [key, row] of rows) console.log(new Date(from).toISOString(), key, JSON.stringify(row));
}
console.log('queue', cc.queues[0]!.id, cc.queues[0]!.name, JSON.stringify(cc.analytics.serviceLevels(cc.queues[0]!.id)), 'short abandon', cc.analytics.shortAbandonMs);
console.log('transcript conversations', first.join(' '), 'lines', queueTraffic.length, transcripts.length);
