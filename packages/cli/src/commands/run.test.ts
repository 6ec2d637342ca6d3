import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function captureIo(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { io: { stdout, stderr, cwd, env: {} }, stdout: () => out, stderr: () => err };
}

describe('gcstream run', () => {
  it('names the config file relative to the working directory it was given, not the process one', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'gcstream-run-'));
    writeFileSync(join(cwd, 'p.yaml'), 'source:\n  genesys:\n    clientId: abc\nsinks:\n  - console: {}\n');
    const captured = captureIo(cwd);
    expect(await main(['run', 'p.yaml', '--no-status'], captured.io)).toBe(2);
    expect(captured.stderr()).toMatch(/^\[gcstream\] p\.yaml: source\.genesys has clientId but not both clientId and clientSecret/);
  });
});
