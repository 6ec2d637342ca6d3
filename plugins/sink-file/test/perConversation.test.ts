import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createMetrics, type GenesysEvent, type SinkContext } from '@gcstream/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fileSink } from '../src/fileSink.js';
import { eventsAt } from './events.js';

const context = (baseDir: string): SinkContext => ({ logger: createLogger({ level: 'silent' }), metrics: createMetrics(), signal: new AbortController().signal, baseDir, stdout: process.stdout });
const open = (options: unknown, baseDir: string) => fileSink.create(fileSink.configSchema.parse(options), context(baseDir));
const keysIn = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as GenesysEvent).key);
/** Open descriptors of this process (Linux), to see that files are closed and not only forgotten. */
const openFds = () => readdirSync('/proc/self/fd').length;

/** `perConversation` transcript events for each of `conversations`, interleaved as they arrive live. */
function transcripts(conversations: number, perConversation: number): GenesysEvent[] {
  const base = eventsAt(conversations * perConversation, Date.UTC(2026, 2, 4, 9));
  return base.map((e, i) => {
    const id = `conv-${i % conversations}`;
    return { ...e, key: `${id}#${Math.floor(i / conversations)}`, ids: [id], topic: 'v2.conversations.{id}.transcription', topicName: `v2.conversations.${id}.transcription`, family: 'transcription' };
  });
}

describe('file sink: one file per conversation with {id}', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-file-id-'));
    dirs.push(dir);
    return dir;
  };

  it("writes each conversation's events to its own file, in arrival order, across batches", async () => {
    const base = tempDir();
    const sink = await open({ path: 'transcripts/{id}.ndjson' }, base);
    const events = transcripts(5, 6);
    for (let i = 0; i < events.length; i += 4) await sink.write(events.slice(i, i + 4));
    await sink.close();
    expect(readdirSync(join(base, 'transcripts')).sort()).toEqual(['conv-0.ndjson', 'conv-1.ndjson', 'conv-2.ndjson', 'conv-3.ndjson', 'conv-4.ndjson']);
    for (let c = 0; c < 5; c++) expect(keysIn(join(base, 'transcripts', `conv-${c}.ndjson`))).toEqual(Array.from({ length: 6 }, (_, n) => `conv-${c}#${n}`));
  });

  it('keeps at most maxOpenFiles open between writes, and appends (never truncates) when a closed file is reopened', async () => {
    const base = tempDir();
    const before = openFds();
    const sink = await open({ path: '{id}.ndjson', maxOpenFiles: 3 }, base);
    const events = transcripts(40, 3);
    for (let i = 0; i < events.length; i += 10) {
      await sink.write(events.slice(i, i + 10));
      expect(openFds() - before).toBeLessThanOrEqual(3);
    }
    await sink.close();
    expect(openFds()).toBeLessThanOrEqual(before);
    for (let c = 0; c < 40; c++) expect(keysIn(join(base, `conv-${c}.ndjson`))).toEqual([`conv-${c}#0`, `conv-${c}#1`, `conv-${c}#2`]);
  });

  it('keeps at most maxOpenFiles open after a write that failed, too', async () => {
    const base = tempDir();
    const before = openFds();
    const sink = await open({ path: '{id}.ndjson', maxOpenFiles: 2 }, base);
    // A folder where one conversation's file should be: that file fails, the batch's other nine are written.
    mkdirSync(join(base, 'conv-3.ndjson'));
    const events = transcripts(10, 1);
    await expect(sink.write(events)).rejects.toThrow(/conv-3\.ndjson \(EISDIR\)/);
    expect(openFds() - before).toBeLessThanOrEqual(2);
    await sink.close();
  });

  it('makes an id that is not a safe file name into one', async () => {
    const base = tempDir();
    const sink = await open({ path: 'by-id/{id}.ndjson' }, base);
    const [e] = eventsAt(1, Date.UTC(2026, 2, 4, 9));
    await sink.write([{ ...e!, ids: ['../../x'] }]);
    await sink.close();
    expect(readdirSync(join(base, 'by-id'))).toEqual(['.._.._x.ndjson']);
  });
});
