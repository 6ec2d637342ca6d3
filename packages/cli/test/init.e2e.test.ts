import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './cliProcess.js';

const GOALS = ['console', 'files', 'postgres', 'webhook', 'nats', 'wallboard', 'alerts'];

/** Runs `gcstream init` with its questions answered on standard input, as a user at a pipe would. */
function initWithAnswers(cwd: string, answers: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'init'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(answers);
  });
}

describe('gcstream init (as a process)', () => {
  it.each(GOALS)('--goal %s writes a commented config that validates and whose tests pass', async (goal) => {
    const dir = mkdtempSync(join(tmpdir(), `gcstream-init-${goal}-`));
    const init = await runCli(['init', '--goal', goal, '--region', 'emulator', '--queues', 'all'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const yaml = readFileSync(join(dir, 'pipeline.yaml'), 'utf8');
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./gcstream.schema.json');
    expect(yaml).toMatch(/^tests:$/m);
    expect(JSON.parse(readFileSync(join(dir, 'gcstream.schema.json'), 'utf8'))).toMatchObject({ title: 'gcstream pipeline' });
    expect(readFileSync(join(dir, '.env.example'), 'utf8')).toContain('GENESYS_CLIENT_SECRET=');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toContain('.env');
    const validate = await runCli(['validate', 'pipeline.yaml'], { cwd: dir });
    expect(validate.code, validate.stderr).toBe(0);
    const test = await runCli(['test', 'pipeline.yaml'], { cwd: dir });
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it("the wallboard config's time zone line, uncommented, is valid as written", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-init-tz-'));
    expect((await runCli(['init', '--goal', 'wallboard', '--region', 'emulator', '--queues', 'all'], { cwd: dir })).code).toBe(0);
    const yaml = readFileSync(join(dir, 'pipeline.yaml'), 'utf8');
    const zoned = yaml.replace('      # timeZone: America/New_York\n', '      timeZone: America/New_York\n');
    expect(zoned).not.toBe(yaml);
    writeFileSync(join(dir, 'pipeline.yaml'), zoned);
    const validate = await runCli(['validate', 'pipeline.yaml'], { cwd: dir });
    expect(validate.code, validate.stderr).toBe(0);
    const echo = await runCli(['echo', 'pipeline.yaml'], { cwd: dir });
    expect(echo.stdout).toContain('timeZone: America/New_York');
  });

  it('asks for goal, region and queues on standard input; a wrong answer is asked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-init-prompts-'));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    const result = await initWithAnswers(dir, 'kafka\n4\nnowhere at all\neu-west-1\nSales, Support\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"kafka" is not a goal');
    expect(result.stderr).toContain('"nowhere at all" is not a region');
    const yaml = readFileSync(join(dir, 'pipeline.yaml'), 'utf8');
    expect(yaml).toMatch(/^\s+- webhook:$/m);
    expect(yaml).toMatch(/^\s+region: eu-west-1$/m);
    expect(yaml).toContain('queues: ["Sales", "Support"]');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n# secrets for gcstream (see .env.example)\n.env\n');
    // A real region reads the credentials from the environment, as .env.example says.
    const env = { GENESYS_CLIENT_ID: 'id-from-env', GENESYS_CLIENT_SECRET: 'secret-from-env' };
    const validate = await runCli(['validate', 'pipeline.yaml'], { cwd: dir, env });
    expect(validate.code, validate.stderr).toBe(0);
    const echo = await runCli(['echo', 'pipeline.yaml'], { cwd: dir, env });
    expect(echo.stdout).toContain('clientId: id-from-env');
    expect(echo.stdout).not.toContain('secret-from-env');
    // Run again without --force: the config is kept.
    const again = await runCli(['init', '--yes'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('gcstream run on the new config shows live events from the built-in emulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-init-run-'));
    expect((await runCli(['init', '--yes'], { cwd: dir })).code).toBe(0);
    const run = await runCli(['run', 'pipeline.yaml', '--max-events', '5', '--emulator-speed', '60', '--no-status'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(5);
  });
});
