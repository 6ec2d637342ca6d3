import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/metrics/metrics.js';
import { openSpool } from '../src/pipeline/spool/spool.js';
import { testEvent } from './pipelineSupport.js';

const folder = () => mkdtempSync(join(tmpdir(), 'gcs-spool-damage-'));
const segmentsIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('segment-')).sort().map((f) => join(dir, f));
const numbers = (events: readonly { event: { eventBody: unknown } }[]) => events.map((e) => (e.event.eventBody as { n: number }).n);

/** A logger that keeps what it was told, to check the warnings. */
function recordingLogger() {
  const lines: Array<{ msg: string; level: number }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string; level: number }) });
  return { logger, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

/** A spool of `count` events, none acknowledged, closed: what a crash leaves on disk. */
async function writtenSpool(count: number, segmentSize = 1000) {
  const dir = folder();
  const spool = await openSpool({ dir, sinks: ['pg'], logger: pino({ level: 'silent' }), segmentSize });
  for (let n = 1; n <= count; n++) spool.append(testEvent(n));
  await spool.close();
  return dir;
}

describe('spool on damaged disks', () => {
  it('skips a record whose byte was flipped (checksum), warns and counts it, and replays the rest', async () => {
    const dir = await writtenSpool(10);
    const [file] = segmentsIn(dir);
    const text = readFileSync(file!, 'utf8');
    // Flip a digit inside the 4th record's event body: the JSON still parses, only the checksum can tell.
    const lines = text.split('\n');
    lines[3] = lines[3]!.replace('"n":4', '"n":7');
    writeFileSync(file!, lines.join('\n'));
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics();
    const spool = await openSpool({ dir, sinks: ['pg'], logger, metrics });
    expect(numbers(spool.pending('pg'))).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    expect(warnings().some((w) => w.includes('damaged spool records'))).toBe(true);
    expect(metrics.get('gcstream_spool_corrupt_records_total')).toBe(1);
    await spool.close();
  });

  it('does not let a record it could not read hold a sink back: once the rest is delivered, nothing is replayed again', async () => {
    const dir = await writtenSpool(10);
    const [file] = segmentsIn(dir);
    const lines = readFileSync(file!, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"n":4', '"n":7');
    writeFileSync(file!, lines.join('\n'));
    const second = await openSpool({ dir, sinks: ['pg'], logger: pino({ level: 'silent' }) });
    expect(numbers(second.pending('pg'))).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    for (const s of second.pending('pg')) second.ack('pg', s.seq);
    second.ack('pg', second.append(testEvent(11)).seq);
    await second.close();
    // Everything the sink could get, it confirmed: no segment is needed any more.
    expect(segmentsIn(dir)).toEqual([]);
    const third = await openSpool({ dir, sinks: ['pg'], logger: pino({ level: 'silent' }) });
    expect(third.pending('pg')).toEqual([]);
    await third.close();
  });

  it('survives a random byte flipped anywhere in every segment, over many files', async () => {
    for (let round = 0; round < 30; round++) {
      const dir = await writtenSpool(20, 7);
      for (const file of segmentsIn(dir)) {
        const bytes = readFileSync(file);
        const at = (round * 7919 + bytes.length * 31) % bytes.length;
        bytes[at] = bytes[at]! ^ (1 << (round % 8));
        writeFileSync(file, bytes);
      }
      const spool = await openSpool({ dir, sinks: ['pg'], logger: pino({ level: 'silent' }) });
      const replayed = numbers(spool.pending('pg'));
      // One damaged record per segment at most (a flipped newline can take two): never a wrong one.
      expect(replayed.length).toBeGreaterThanOrEqual(20 - 2 * segmentsIn(dir).length);
      expect(replayed.every((n, i) => i === 0 || n > replayed[i - 1]!)).toBe(true);
      expect(replayed.every((n) => n >= 1 && n <= 20)).toBe(true);
      await spool.close();
    }
  });

  it('skips a torn last write at every cut point, keeps what came before, and appends after it', async () => {
    const dir = await writtenSpool(3);
    const [file] = segmentsIn(dir);
    const whole = readFileSync(file!);
    const secondEnds = whole.indexOf('\n', whole.indexOf('\n') + 1) + 1;
    for (let cut = secondEnds + 1; cut < whole.length; cut += 5) {
      writeFileSync(file!, whole);
      truncateSync(file!, cut);
      const spool = await openSpool({ dir, sinks: ['pg'], logger: pino({ level: 'silent' }), saveInterval: 60_000 });
      expect(numbers(spool.pending('pg'))).toEqual([1, 2]);
      await spool.close();
      // close() saved acks that say "nothing delivered": reset so the next cut starts the same way.
      writeFileSync(join(dir, 'acks.json'), '{"pg":0}');
      for (const extra of segmentsIn(dir).slice(1)) truncateSync(extra, 0);
    }
  });

  it('starts when acks.json or a segment is garbage', async () => {
    const dir = await writtenSpool(4);
    writeFileSync(join(dir, 'acks.json'), '{"pg": "nonsense"');
    writeFileSync(join(dir, 'segment-000000000000099.ndjson'), Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x7b, 0x0a]));
    const { logger, warnings } = recordingLogger();
    const spool = await openSpool({ dir, sinks: ['pg'], logger });
    expect(numbers(spool.pending('pg'))).toEqual([1, 2, 3, 4]);
    expect(warnings().some((w) => w.includes('acknowledgements unreadable'))).toBe(true);
    await spool.close();
  });

  it('drop-oldest: stays under maxBytes, says so, and counts the unconfirmed events it gave up', async () => {
    const dir = folder();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics();
    const spool = await openSpool({ dir, sinks: ['pg'], logger, metrics, segmentSize: 10, maxBytes: 8_000 });
    for (let n = 1; n <= 200; n++) spool.append(testEvent(n));
    await spool.close();
    const onDisk = segmentsIn(dir).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(onDisk).toBeLessThanOrEqual(8_000);
    expect(warnings().some((w) => w.includes('spool full'))).toBe(true);
    expect(metrics.get('gcstream_spool_dropped_events_total')).toBeGreaterThan(100);
    const again = await openSpool({ dir, sinks: ['pg'], logger: pino({ level: 'silent' }) });
    const kept = numbers(again.pending('pg'));
    expect(kept.at(-1)).toBe(200);
    expect(kept.length + metrics.get('gcstream_spool_dropped_events_total')).toBe(200);
    await again.close();
  });

  it('stop-spooling: keeps the oldest, counts the unspooled, resumes once sinks confirm', async () => {
    const dir = folder();
    const { logger, warnings } = recordingLogger();
    const metrics = createMetrics();
    const spool = await openSpool({ dir, sinks: ['pg'], logger, metrics, segmentSize: 10, maxBytes: 8_000, onFull: 'stop-spooling', saveInterval: 60_000 });
    const seqs = [];
    for (let n = 1; n <= 100; n++) seqs.push(spool.append(testEvent(n)).seq);
    const unspooled = metrics.get('gcstream_spool_unspooled_events_total');
    expect(unspooled).toBeGreaterThan(0);
    expect(metrics.get('gcstream_spool_full')).toBe(1);
    for (const seq of seqs) spool.ack('pg', seq);
    await spool.close(); // saving acks compacts every confirmed segment
    expect(metrics.get('gcstream_spool_bytes')).toBeLessThan(8_000 * 0.9);
    expect(warnings().some((w) => w.includes('without being spooled'))).toBe(true);
    const again = await openSpool({ dir, sinks: ['pg'], logger, metrics, segmentSize: 10, maxBytes: 8_000, onFull: 'stop-spooling' });
    expect(again.pending('pg')).toEqual([]);
    again.append(testEvent(101));
    expect(metrics.get('gcstream_spool_appended_events_total')).toBe(100 - unspooled + 1);
    await again.close();
  });
});
