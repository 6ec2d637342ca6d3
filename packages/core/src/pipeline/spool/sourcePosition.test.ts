import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSourcePosition, SOURCE_POSITION_FILE } from './sourcePosition.js';

describe('the Genesys source position in the spool folder', () => {
  it('is empty on a first run, and the next run reads what the last one saved', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gcs-position-')), 'spool');
    const problems: string[] = [];
    const first = openSourcePosition(dir, (m) => problems.push(m));
    expect(first.connectedUntil).toBeUndefined();
    first.save(1_767_600_000_000);
    first.save(1_767_600_001_000);
    expect(openSourcePosition(dir, (m) => problems.push(m)).connectedUntil).toBe(1_767_600_001_000);
    expect(JSON.parse(readFileSync(join(dir, SOURCE_POSITION_FILE), 'utf8'))).toEqual({ connectedUntil: 1_767_600_001_000, at: '2026-01-05T08:00:01.000Z' });
    expect(problems).toEqual([]);
  });

  it('says so, and resumes nothing, when the file is damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-position-'));
    writeFileSync(join(dir, SOURCE_POSITION_FILE), '{"connectedUntil": "yesterday"}');
    const problems: string[] = [];
    expect(openSourcePosition(dir, (m) => problems.push(m)).connectedUntil).toBeUndefined();
    writeFileSync(join(dir, SOURCE_POSITION_FILE), '{"connectedUn');
    expect(openSourcePosition(dir, (m) => problems.push(m)).connectedUntil).toBeUndefined();
    expect(problems).toEqual([`${join(dir, SOURCE_POSITION_FILE)} holds no connectedUntil time; the time since the last run is not backfilled`, `cannot read ${join(dir, SOURCE_POSITION_FILE)}; the time since the last run is not backfilled`]);
  });
});
