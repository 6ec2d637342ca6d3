// The root README's "Writing an operator" and "Property-testing it", followed as written: each
// fenced block saved in a fresh folder under the name its first line gives, with only what the
// README says to install, then `gcstream test` on the pipeline and `vitest run` on the tests.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(exampleDir, '..', '..', 'README.md'), 'utf8');
const exec = promisify(execFile);

/** The section's fenced blocks, by the file name on their first line. */
function blocksOf(heading) {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `the README has a "${heading}" section`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 4);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const files = {};
  for (const [, lang, text] of section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const name = /^(?:#|\/\/)\s*([\w.-]+\.(?:ya?ml|m?js))\s*$/.exec(text.split('\n')[0])?.[1];
    if (name) files[name] = text;
    else expect(lang, `an unnamed ${lang} block in "${heading}"`).toBe('bash');
  }
  return files;
}

/** A fresh project with what the README installs: @gcstream/testkit, @gcstream/core, rxjs, zod and vitest. */
function freshProject(files, { install = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gcstream-readme-operator-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  if (!install) return dir;
  mkdirSync(join(dir, 'node_modules', '@gcstream'), { recursive: true });
  expect(readme).toContain('pnpm add -D @gcstream/testkit @gcstream/core rxjs zod vitest');
  for (const name of ['@gcstream/testkit', '@gcstream/core', 'rxjs', 'zod', 'vitest']) symlinkSync(realpathSync(join(exampleDir, 'node_modules', name)), join(dir, 'node_modules', name), 'dir');
  return dir;
}

describe('README: Writing an operator, Property-testing it', () => {
  const files = { ...blocksOf('Writing an operator'), ...blocksOf('Property-testing it') };

  it('shows the operator, its pipeline with tests:, and its property tests', () => {
    expect(Object.keys(files).sort()).toEqual(['waited-over.mjs', 'waited-over.test.mjs', 'with-waited-over.yaml']);
    expect(readme).toContain('pnpm gcstream test with-waited-over.yaml');
  });

  it('gcstream test passes on the pipeline, the operator loaded from a folder with nothing installed', async () => {
    const dir = freshProject(files, { install: false });
    const cli = join(exampleDir, 'node_modules', '@gcstream', 'cli', 'dist', 'bin.js');
    const { stdout } = await exec(process.execPath, [cli, 'test', 'with-waited-over.yaml'], { cwd: dir });
    expect(stdout).toContain('with-waited-over.yaml: 1 passed, 0 failed');
  });

  it('npx vitest run passes the property tests as written', async () => {
    const dir = freshProject(files);
    const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
    const { stdout } = await exec(process.execPath, [vitest, 'run', '--reporter=verbose'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
    expect(stdout).toMatch(/Tests\s+6 passed \(6\)/);
    expect(stdout).toContain('never throws, whatever reaches it');
  });
});
