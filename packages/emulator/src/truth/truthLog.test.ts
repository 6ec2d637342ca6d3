import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTruthLog } from './truthLog.js';

const record = (i: number) => ({ topicName: `v2.users.u${i}.presence`, correlationId: `c${i}`, conversationId: null, time: i });

describe('truth log', () => {
  it('keeps memory bounded past maxRecords while indexes keep counting from the first record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-truth-'));
    const file = join(dir, 'truth.ndjson');
    const log = createTruthLog({ file, maxRecords: 10 });
    for (let i = 0; i < 25; i++) log.record(record(i));
    expect(log.size).toBe(25);
    expect(log.dropped).toBeGreaterThan(0);
    expect(log.records().length).toBeLessThanOrEqual(10);
    // the newest records are still there, addressed by their overall index
    expect(log.records(22).map((r) => r.correlationId)).toEqual(['c22', 'c23', 'c24']);
    expect(log.records().at(-1)?.correlationId).toBe('c24');
    await log.close();
    // the file keeps every record
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(25);
    expect(JSON.parse(lines[0]!).correlationId).toBe('c0');
  });

  it('drops nothing below the bound', () => {
    const log = createTruthLog({ maxRecords: 100 });
    for (let i = 0; i < 100; i++) log.record(record(i));
    expect(log.dropped).toBe(0);
    expect(log.records(0)).toHaveLength(100);
    expect(log.records(40)[0]?.correlationId).toBe('c40');
  });
});
