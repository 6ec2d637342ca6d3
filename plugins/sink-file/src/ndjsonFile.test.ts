import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openNdjsonFile } from './ndjsonFile.js';

describe('ndjson file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('finishes a write the disk took short, from the byte where it stopped, and counts every byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-ndjson-'));
    dirs.push(dir);
    const path = join(dir, 'events.ndjson');
    const file = await openNdjsonFile(path);
    // FileHandle's class is not exported: its prototype is reached through an open handle.
    const probe = await open(path, 'r');
    const prototype = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const write = prototype.write as (this: FileHandle, ...args: unknown[]) => Promise<{ bytesWritten: number }>;
    const text = '{"name":"Zoë Ångström"}\n{"n":2}\n';
    let writes = 0;
    vi.spyOn(prototype, 'write').mockImplementation(function (this: FileHandle, ...args: unknown[]) {
      writes++;
      // The first write stops inside the two bytes of "ë", as a full disk or a signal can stop one.
      return writes === 1 ? write.call(this, Buffer.from(text).subarray(0, 12)) : write.apply(this, args);
    } as typeof prototype.write);
    await file.append(text);
    await file.close();
    expect(writes).toBeGreaterThan(1);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(file.size).toBe(Buffer.byteLength(text));
  });
});
