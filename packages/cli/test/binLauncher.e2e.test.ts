import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const LAUNCHER = join(PACKAGE, 'bin', 'gcstream.js');

describe('the gcstream command a package manager links (bin/gcstream.js)', () => {
  it('is what package.json names as the gcstream bin, and runs the compiled CLI', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ gcstream: './bin/gcstream.js' });
    expect(pkg.files).toContain('bin');
    const run = spawnSync(process.execPath, [LAUNCHER, '--version'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(pkg.version);
  });

  it('before the build, says the CLI is not built and how to build it, with exit code 1 and no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-launcher-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(LAUNCHER, join(dir, 'bin', 'gcstream.js'));
    const run = spawnSync(process.execPath, [join(dir, 'bin', 'gcstream.js'), '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[gcstream] the CLI is not built yet');
    expect(run.stderr).toContain(join(dir, 'dist', 'bin.js'));
    expect(run.stderr).toContain('pnpm build');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
