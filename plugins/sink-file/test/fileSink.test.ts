import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createLogger, createMetrics, type GenesysEvent, type SinkContext } from '@gcstream/core';
import { describeSinkConformance } from '@gcstream/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSink } from '../src/fileSink.js';
import { eventsAt } from './events.js';

const conformanceDir = mkdtempSync(join(tmpdir(), 'gcs-file-conf-'));

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** The events in one file (plain or gzip), checking that every line is whole JSON. */
function readEvents(file: string): GenesysEvent[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as GenesysEvent);
}

/** Rotated copies by their number (`name.1.ndjson` first), then the active file. */
function inRotationOrder(files: readonly string[], active: string): string[] {
  const number = (file: string) => Number(/\.(\d+)\.ndjson(?:\.gz)?$/.exec(file)?.[1] ?? Infinity);
  return files.filter((f) => f !== active).sort((a, b) => number(a) - number(b)).concat(files.includes(active) ? [active] : []);
}

describeSinkConformance('file', {
  definition: fileSink,
  options: { path: 'out/{date}/{family}.ndjson', maxBytes: '20KB' },
  invalidOptions: [{ path: '../outside.ndjson' }, { path: '/abs/{date}.ndjson' }, { path: '{queue}.ndjson' }, { maxBytes: 0 }, { maxBytes: '10 parsecs' }, { gzip: 'yes' }, { other: 1 }],
  context: () => ({ baseDir: conformanceDir }),
  // One file per family: the read-back joins the files, so it cannot tell the order of a batch.
  readBackInOrder: false,
  deliveredKeys: () => {
    const keys = listFiles(conformanceDir).flatMap((file) => readEvents(join(conformanceDir, file)).map((event) => event.key));
    rmSync(join(conformanceDir, 'out'), { recursive: true, force: true });
    return keys;
  },
});

describe('file sink on a real disk', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-file-'));
    dirs.push(dir);
    return dir;
  };
  const context = (baseDir: string): SinkContext => ({
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    signal: new AbortController().signal,
    baseDir,
    stdout: process.stdout,
  });
  const open = async (options: unknown, baseDir: string, ctx = context(baseDir)) => fileSink.create(fileSink.configSchema.parse(options), ctx);
  const hour = (h: number) => Date.UTC(2026, 2, 4, h, 30);

  it('writes one event a line to the path its template gives, inside dir', async () => {
    const base = tempDir();
    const sink = await open({ path: '{date}/{hour}-{family}.ndjson', dir: 'data' }, base);
    const events = eventsAt(30, hour(9));
    await sink.write(events);
    await sink.close();
    const files = listFiles(join(base, 'data'));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const [date, name] = file.split('/');
      expect(date).toBe('2026-03-04');
      const inFile = readEvents(join(base, 'data', file));
      expect(inFile.every((e) => name === `09-${e.family}.ndjson`)).toBe(true);
      // Order within the batch is kept inside each file.
      const keys = inFile.map((e) => e.key);
      expect(keys).toEqual(events.filter((e) => keys.includes(e.key)).map((e) => e.key));
    }
    expect(files.flatMap((f) => readEvents(join(base, 'data', f))).map((e) => e.key).sort()).toEqual(events.map((e) => e.key).sort());
  });

  it('moves to the next day inside a batch that spans midnight: each file holds its day and family, in batch order', async () => {
    const base = tempDir();
    const sink = await open({ path: '{date}/{family}.ndjson' }, base);
    const late = eventsAt(20, Date.UTC(2026, 2, 4, 23, 59, 59, 999), 'late-');
    const early = eventsAt(20, Date.UTC(2026, 2, 5), 'early-');
    // Interleaved, as two channels bring them around midnight: the same families either side of it.
    const batch = late.flatMap((event, i) => [event, early[i]!]);
    const next = eventsAt(20, Date.UTC(2026, 2, 5, 0, 1), 'next-');
    await sink.write(batch);
    await sink.write(next);
    await sink.close();
    const files = listFiles(base);
    expect(new Set(files.map((file) => file.split('/')[0]))).toEqual(new Set(['2026-03-04', '2026-03-05']));
    const written = [...batch, ...next];
    for (const file of files) {
      const keys = readEvents(join(base, file)).map((e) => e.key);
      const belongs = written.filter((e) => file === `${new Date(e.receivedAt).toISOString().slice(0, 10)}/${e.family}.ndjson`);
      expect(keys).toEqual(belongs.map((e) => e.key));
    }
    expect(files.flatMap((file) => readEvents(join(base, file))).length).toBe(written.length);
  });

  it('writes the files of a batch side by side; one that fails fails the batch after the others are written', async () => {
    const base = tempDir();
    const events = eventsAt(30, hour(9));
    const [refused, ...others] = [...new Set(events.map((e) => e.family))];
    expect(others.length).toBeGreaterThan(0);
    mkdirSync(join(base, `${refused}.ndjson`));
    const sink = await open({ path: '{family}.ndjson' }, base);
    const failure = await sink.write(events).then(
      () => undefined,
      (error: unknown) => error as { retryable: boolean; message: string },
    );
    expect(failure?.retryable).toBe(false);
    expect(failure?.message).toContain(`${refused}.ndjson (EISDIR)`);
    for (const family of others) expect(readEvents(join(base, `${family}.ndjson`)).map((e) => e.key)).toEqual(events.filter((e) => e.family === family).map((e) => e.key));
    await sink.close();
  });

  it('refuses a path that leaves dir as a config error, and cleans topic values that try to', async () => {
    const parsed = fileSink.configSchema.safeParse({ path: 'x/../../../etc/{topic}' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message).join()).toMatch(/escapes dir through "\.\."; keep every file inside dir/);
    const base = tempDir();
    const sink = await open({ path: 'by-topic/{topic}.ndjson' }, base);
    const [a, b] = eventsAt(2, hour(1));
    await sink.write([{ ...a!, topic: '../../../../tmp/evil' }, { ...b!, topic: 'a/b/..' }]);
    await sink.close();
    expect(listFiles(base)).toEqual(['by-topic/.._.._.._.._tmp_evil.ndjson', 'by-topic/a_b_...ndjson']);
  });

  it('rotates by maxBytes without splitting a line, numbering rotated files', async () => {
    const base = tempDir();
    const sink = await open({ path: 'all.ndjson', maxBytes: 4000 }, base);
    const events = eventsAt(60, hour(2));
    for (let i = 0; i < events.length; i += 7) await sink.write(events.slice(i, i + 7));
    await sink.close();
    const files = listFiles(base);
    expect(files.length).toBeGreaterThan(3);
    expect(files).toContain('all.ndjson');
    expect(files).toContain('all.1.ndjson');
    // Oldest rotated first, the active file last: together exactly the events, in order.
    const keys = inRotationOrder(files, 'all.ndjson').flatMap((f) => readEvents(join(base, f)).map((e) => e.key));
    expect(keys).toEqual(events.map((e) => e.key));
    for (const file of files) {
      const size = readFileSync(join(base, file)).length;
      const lines = readEvents(join(base, file)).length;
      expect(size <= 4000 || lines === 1).toBe(true);
    }
  });

  it('rotates when the template moves on, and gzips finished files into readable archives', async () => {
    const base = tempDir();
    const sink = await open({ path: 'events-{date}-{hour}.ndjson', gzip: true, maxBytes: 5000 }, base);
    const nine = eventsAt(25, hour(9), 'nine-');
    const ten = eventsAt(10, hour(10), 'ten-');
    await sink.write(nine);
    await sink.write(ten);
    await sink.close();
    const files = listFiles(base);
    expect(files).toContain('events-2026-03-04-10.ndjson');
    expect(files).toContain('events-2026-03-04-09.ndjson.gz');
    expect(files.some((f) => /^events-2026-03-04-09\.\d+\.ndjson\.gz$/.test(f))).toBe(true);
    expect(files.filter((f) => f.endsWith('.partial') || f === 'events-2026-03-04-09.ndjson')).toEqual([]);
    const nineKeys = files.filter((f) => f.includes('-09')).flatMap((f) => readEvents(join(base, f)).map((e) => e.key));
    expect(nineKeys.sort()).toEqual(nine.map((e) => e.key).sort());
    const tenFiles = inRotationOrder(files.filter((f) => f.includes('-10')), 'events-2026-03-04-10.ndjson');
    expect(tenFiles.flatMap((f) => readEvents(join(base, f)).map((e) => e.key))).toEqual(ten.map((e) => e.key));
  });

  it('cuts a torn last line on open and appends after the last whole line (fsync on)', async () => {
    const base = tempDir();
    const whole = `${JSON.stringify(eventsAt(1, hour(3), 'old-')[0])}\n`;
    writeFileSync(join(base, 'all.ndjson'), `${whole}{"topicName":"v2.users.u1.presen`);
    const ctx = context(base);
    const sink = await open({ path: 'all.ndjson', fsync: true }, base, ctx);
    await sink.write(eventsAt(2, hour(3), 'new-'));
    await sink.close();
    expect(readEvents(join(base, 'all.ndjson')).map((e) => e.key)).toEqual(['old-0', 'new-0', 'new-1']);
    expect(ctx.metrics.get('gcstream_file_torn_tails_total', { sink: 'file' })).toBe(1);
  });

  it('on connect, cuts torn tails that a killed run left in files it will never open again, and touches nothing else', async () => {
    const base = tempDir();
    const whole = `${JSON.stringify(eventsAt(1, hour(3), 'old-')[0])}\n`;
    const torn = `${whole}{"topicName":"v2.users.u1.presen`;
    mkdirSync(join(base, 'data', '2026-03-03'), { recursive: true });
    mkdirSync(join(base, 'notes'), { recursive: true });
    writeFileSync(join(base, 'data', '2026-03-03', '23-presence.ndjson'), torn);
    writeFileSync(join(base, 'data', '2026-03-03', '22-presence.ndjson'), whole);
    writeFileSync(join(base, 'data', '2026-03-03', 'readme.txt'), 'no newline at the end');
    writeFileSync(join(base, 'notes', '23-presence.ndjson'), torn);
    const ctx = context(base);
    const sink = await open({ path: '{date}/{hour}-{family}.ndjson', dir: 'data' }, base, ctx);
    await sink.connect?.();
    await sink.close();
    expect(readFileSync(join(base, 'data', '2026-03-03', '23-presence.ndjson'), 'utf8')).toBe(whole);
    expect(readFileSync(join(base, 'data', '2026-03-03', '22-presence.ndjson'), 'utf8')).toBe(whole);
    expect(ctx.metrics.get('gcstream_file_torn_tails_total', { sink: 'file' })).toBe(1);
    // Files the template cannot name are not the sink's to change.
    expect(readFileSync(join(base, 'data', '2026-03-03', 'readme.txt'), 'utf8')).toBe('no newline at the end');
    expect(readFileSync(join(base, 'notes', '23-presence.ndjson'), 'utf8')).toBe(torn);
  });

  it('with gzip, compresses on connect the files an earlier run left in periods that are over', async () => {
    const base = tempDir();
    const lines = `${JSON.stringify(eventsAt(1, hour(3), 'old-')[0])}\n`;
    const old = join(base, 'events-2026-03-03.ndjson');
    const today = join(base, `events-${new Date().toISOString().slice(0, 10)}.ndjson`);
    writeFileSync(old, lines);
    writeFileSync(today, lines);
    const yesterday = new Date(Date.now() - 86_400_000);
    utimesSync(old, yesterday, yesterday);
    const sink = await open({ path: 'events-{date}.ndjson', gzip: true }, base);
    await sink.connect?.();
    await sink.close();
    expect(existsSync(old)).toBe(false);
    expect(readEvents(`${old}.gz`).map((e) => e.key)).toEqual(['old-0']);
    expect(readFileSync(today, 'utf8')).toBe(lines);
  });

  it('a batch that cannot be serialized fails whole as fatal, before any of its lines is written', async () => {
    const base = tempDir();
    const sink = await open({ path: 'all.ndjson' }, base);
    const first = eventsAt(3, hour(1), 'a');
    await sink.write(first);
    const batch = eventsAt(2000, hour(1), 'b');
    batch[1500] = { ...batch[1500]!, eventBody: { n: 1n } } as unknown as GenesysEvent;
    const failure = await sink.write(batch).then(
      () => undefined,
      (error: unknown) => error as { retryable: boolean; message: string },
    );
    expect(failure?.retryable).toBe(false);
    expect(failure?.message).toMatch(/cannot serialize the batch as JSON: .*BigInt/);
    await sink.close();
    expect(readEvents(join(base, 'all.ndjson')).map((e) => e.key)).toEqual(first.map((e) => e.key));
  });

  it('writes a batch of several megabytes in chunks, every line whole and in batch order', async () => {
    const base = tempDir();
    const sink = await open({ path: 'all.ndjson' }, base);
    const batch = eventsAt(5000, hour(1)).map((event, i) => ({ ...event, note: `${i}:${'é'.repeat(600)}` }));
    await sink.write(batch);
    await sink.close();
    expect(readEvents(join(base, 'all.ndjson')).map((e) => e.key)).toEqual(batch.map((e) => e.key));
  });

  it('a file system refusal is fatal and names the file and the fix', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'taken.ndjson'));
    const sink = await open({ path: 'taken.ndjson' }, base);
    const failure = await sink.write(eventsAt(1, hour(1))).then(
      () => undefined,
      (error: unknown) => error as { retryable: boolean; message: string },
    );
    expect(failure?.retryable).toBe(false);
    expect(failure?.message).toMatch(/\[sink:file\] cannot write .*taken\.ndjson \(EISDIR\): a folder has this name/);
    await sink.close();
  });
});
