// longWait as a gcstream user meets it: named in a pipeline by module path or as an installed
// gcstream-plugin-* package, its options validated with the rest of the file, listed by
// `gcstream plugins`, described in `gcstream schema`, and its config's `tests:` run by `gcstream test`.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(exampleDir, 'node_modules', '@gcstream', 'cli', 'dist', 'bin.js');
const exec = promisify(execFile);

/** Runs the gcstream command in `cwd`; resolves with its exit code and output, never rejects. */
async function gcstream(args, cwd) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

/** A fresh project folder with the example installed as gcstream-plugin-long-wait. */
function projectWithPackage(pipeline) {
  const dir = mkdtempSync(join(tmpdir(), 'gcstream-long-wait-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(exampleDir, join(dir, 'node_modules', 'gcstream-plugin-long-wait'), 'dir');
  writeFileSync(join(dir, 'pipeline.yaml'), pipeline);
  return dir;
}

const testCase = `tests:
  - name: a visit answered after two minutes is flagged
    input:
      - topicName: v2.routing.queues.q1.conversations
        eventBody: { id: c1, participants: [ { id: acd-1, purpose: acd, queueId: q1, calls: [ { state: disconnected, connectedTime: "2026-01-05T09:00:00Z", disconnectedTime: "2026-01-05T09:02:00Z" } ] } ] }
    expect:
      events: [ { family: conversation }, { topicName: gcstream.longWait.q1, eventBody: { visitId: acd-1 } } ]
`;

describe('longWait loaded by gcstream', () => {
  it('from a module path: validate and test pass on the example pipeline', async () => {
    const validated = await gcstream(['validate', 'pipeline.yaml'], exampleDir);
    expect(validated.stdout).toContain('2 operators (dedupe, longWait)');
    expect(validated.code).toBe(0);
    const tested = await gcstream(['test', 'pipeline.yaml'], exampleDir);
    expect(tested.stdout).toContain('pipeline.yaml: 2 passed, 0 failed');
    expect(tested.code).toBe(0);
  });

  it("validates the operator's options with the rest of the file, pointing at the line", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-long-wait-'));
    writeFileSync(join(dir, 'pipeline.yaml'), `source: { genesys: {} }\npipeline:\n  - ${join(exampleDir, 'index.mjs')}:\n      after: soon\nsinks:\n  - console: {}\n`);
    const result = await gcstream(['validate', 'pipeline.yaml'], dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/pipeline\.yaml:4:\d+: .*after.*"soon" is not a duration/);
  });

  it('from the installed package gcstream-plugin-long-wait, named long-wait', async () => {
    const dir = projectWithPackage(`source: { genesys: {} }\npipeline:\n  - long-wait: { after: 90s }\nsinks:\n  - console: {}\n${testCase}`);
    const tested = await gcstream(['test', 'pipeline.yaml'], dir);
    expect(tested.stdout).toContain('pipeline.yaml: 1 passed, 0 failed');
    expect(tested.code).toBe(0);
  });

  it('is listed by gcstream plugins with its options, and described in gcstream schema', async () => {
    const dir = projectWithPackage('');
    const plugins = await gcstream(['plugins'], dir);
    expect(plugins.code).toBe(0);
    const operators = plugins.stdout.slice(plugins.stdout.indexOf('Operators (pipeline:):'));
    expect(operators).toMatch(/gcstream-plugin-long-wait\s+Flags queue visits waiting longer than a threshold .*\(name it long-wait\)/);
    expect(operators).toMatch(/after: duration \(default "60s"\) — A visit waiting longer than this is flagged\./);
    expect(operators).toContain('maxOutOfOrderness:');
    const schema = JSON.parse((await gcstream(['schema'], dir)).stdout);
    const text = JSON.stringify(schema);
    expect(text).toContain('"long-wait"');
    expect(text).toContain('A visit waiting longer than this is flagged.');
  });
});
