import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logLines, REPO_ROOT } from './cliProcess.js';
import { tempProject } from './tempProject.js';

/**
 * Issue 8: the root README, as a user would follow it. Every fenced snippet is saved to a fresh
 * folder outside the repository under the name its first comment gives, every YAML one is
 * validated, and every command is run there, bounded, with `pnpm` standing for the pinned
 * `npx -y pnpm@10.34.8 -C <this repository>` (the user would type it inside the repository; -C
 * keeps the folder they typed it in, which gcstream then reads files from).
 */
const PNPM = 'npx -y pnpm@10.34.8';

/** Commands the test does not run, each with why; every other command in the README runs. */
const NOT_RUN: Record<string, string> = {
  [`${PNPM} install`]: 'the workspace this test runs in is installed; reinstalling would swap node_modules under the running suite',
  [`${PNPM} test`]: 'the whole suite, this test included',
};

interface Block {
  readonly lang: string;
  readonly text: string;
}

function fencedBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** `# pipeline.yaml` or `// my-sink.mjs` on a snippet's first line names the file a user saves it as. */
function fileNameOf(block: Block): string | undefined {
  return /^(?:#|\/\/)\s*([\w.-]+\.(?:ya?ml|m?js))\s*$/m.exec(block.text.split('\n')[0] ?? '')?.[1];
}

/** Runs a shell command line; `stopWhen` turns a long-running one into a bounded run ended by SIGINT to its process group. */
function shell(line: string, cwd: string, stopWhen?: (out: string) => boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd, detached: true, env: { ...process.env, NO_COLOR: '1', GENESYS_CLIENT_ID: 'readme-client', GENESYS_CLIENT_SECRET: 'readme-secret-value' } });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const check = () => {
      if (stopWhen && !stopped && stopWhen(stdout + stderr)) {
        stopped = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    };
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), check()));
    child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), check()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `work` on every item, a few at a time. The snippets and commands are independent of each
 * other (each command writes only its own files, the emulator listens on port 0), and each spends
 * most of its few seconds starting npx, pnpm and Node: run one after another they took over two
 * minutes of the suite.
 */
async function inTurns<T>(items: readonly T[], work: (item: T) => Promise<void>, atOnce = 3): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
}

describe('README.md, followed as written', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = fencedBlocks(readme);
  const snippets = blocks.filter((b) => b.lang === 'yaml' || b.lang === 'js');
  const commands = blocks
    .filter((b) => b.lang === 'bash')
    .flatMap((b) => b.text.split('\n'))
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split(' && '));

  it('finds the snippets and commands it is meant to follow', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    expect(commands).toContain(`${PNPM} demo`);
    expect(commands).toContain('pnpm -s gcstream schema > gcstream.schema.json');
    // The org snippet's flow list must be valid YAML as printed (issue 8).
    expect(readme).not.toMatch(/topics: \[v2\.routing\.queues\.\{queueId\}/);
  });

  it('every snippet, saved where its comment says, validates; every command exits 0 from a fresh folder', { timeout: 600_000 }, async () => {
    const files: Record<string, string> = {};
    for (const [index, block] of snippets.entries()) files[fileNameOf(block) ?? `snippet-${index}.${block.lang === 'js' ? 'mjs' : 'yaml'}`] = block.text;
    const dir = tempProject(files, 'gcs-readme-');
    const failures: string[] = [];
    await inTurns(
      Object.keys(files).filter((f) => f.endsWith('.yaml')),
      async (name) => {
        const result = await shell(`${PNPM} -C ${REPO_ROOT} -s gcstream validate ${name}`, dir);
        if (result.code !== 0) failures.push(`validate ${name} exited ${result.code}:\n${result.stderr}`);
      },
    );
    await inTurns(commands, async (command) => {
      if (command in NOT_RUN || command === `${PNPM} demo`) return;
      expect(command, 'a README command that does not start with pnpm').toMatch(/^pnpm /);
      let line = command.replace(/^pnpm /, `${PNPM} -C ${REPO_ROOT} `);
      // Bounded: a run stops after a few events unless the README bounds it itself.
      if (/ gcstream run /.test(line) && !/--duration|--max-events/.test(line)) line += ' --max-events 3';
      if (/ gcstream run /.test(line)) line += ' --emulator-speed 60';
      const longRunning = / gcstream emulator /.test(line);
      // Port 0 instead of the README's fixed port: other tests may hold it on this machine.
      if (longRunning) line = line.replace(/--port \d+/, '--port 0');
      const result = await shell(line, dir, longRunning ? (out) => /listening/.test(out) : undefined);
      // A long-running command passes when it started and ended on Ctrl-C (npx reports that as 130 or the signal).
      const ok = longRunning ? /listening/.test(result.stderr + result.stdout) && !result.stderr.includes('ELIFECYCLE') : result.code === 0;
      if (!ok) failures.push(`${command} exited ${result.code}:\n${result.stderr.slice(-2000)}`);
    });
    expect(failures).toEqual([]);
    // The redirect leaves JSON Schema in the file, not pnpm's banner.
    expect(JSON.parse(readFileSync(join(dir, 'gcstream.schema.json'), 'utf8'))).toHaveProperty('properties');
  });

  it('the custom sink exactly as shown loads from a fresh folder and receives events', { timeout: 120_000 }, async () => {
    const sink = snippets.find((b) => fileNameOf(b) === 'my-sink.mjs');
    expect(sink, 'the README shows my-sink.mjs').toBeDefined();
    // Only what the README shows, plus a write that records what it was given.
    const recording = sink!.text.replace('/* deliver; throw errors.sinkRetryable(...) to be retried */', "await (await import('node:fs/promises')).appendFile('delivered.ndjson', batch.map((e) => JSON.stringify(e) + '\\n').join(''));");
    expect(recording).not.toBe(sink!.text);
    const dir = tempProject({ 'my-sink.mjs': recording, 'with-my-sink.yaml': snippets.find((b) => fileNameOf(b) === 'with-my-sink.yaml')!.text });
    const result = await shell(`${PNPM} -C ${REPO_ROOT} -s gcstream run with-my-sink.yaml --max-events 5 --emulator-speed 60`, dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'delivered.ndjson'), 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('pnpm gcstream reads files relative to the folder it is typed in (validate console.yaml in examples/)', { timeout: 120_000 }, async () => {
    const result = await shell(`${PNPM} -s gcstream validate console.yaml`, join(REPO_ROOT, 'examples'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^console\.yaml is valid/);
  });

  it('pnpm demo, then Ctrl-C: a clean drain and no ELIFECYCLE', { timeout: 120_000 }, async () => {
    const result = await shell(`${PNPM} demo`, REPO_ROOT, (out) => (out.match(/^\d\d:\d\d:\d\d /gm) ?? []).length >= 3);
    expect(result.stderr).not.toContain('ELIFECYCLE');
    const ended = logLines(result.stderr).find((l) => l.msg === 'pipeline ended') as { reason: string; sinks: { console: { delivered: number; buffered: number } } };
    expect(ended.reason).toBe('stopped');
    expect(ended.sinks.console.buffered).toBe(0);
    // npx (and the shell) answer a Ctrl-C to the process group with 130 or the signal itself; pnpm
    // under them exited 0, or it would have printed ELIFECYCLE, as it did before the fix.
    expect([0, 130, null]).toContain(result.code);
  });
});
