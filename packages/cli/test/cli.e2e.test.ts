import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@gcstream/emulator';
import { describe, expect, it } from 'vitest';
import { GOALS } from '../src/init/goals.js';
import { logLines, REPO_ROOT, runCli, startCli, waitFor } from './cliProcess.js';

const PRETTY_LINE = /^\d\d:\d\d:\d\d (conversation|presence|routing|observation|detail|transcript|activity)\s/;

describe('gcstream CLI (as a process)', () => {
  it('--version prints the package version; --help the commands', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['run', 'validate', 'schema', 'plugins', 'emulator']) expect(help.stdout).toContain(`  ${command}`);
    const runHelp = await runCli(['run', '--help']);
    expect(runHelp.stdout).toContain('--max-events');
    // Every goal init takes, as init itself lists them: the help once missed one added later.
    const initHelp = await runCli(['init', '--help']);
    expect(initHelp.stdout).toContain('--goal <goal>       console, files, postgres, webhook, nats, wallboard or alerts\n');
    const goalLine = initHelp.stdout.split('\n').find((line) => line.includes('--goal'))!;
    for (const goal of GOALS) expect(goalLine).toContain(goal);
  });

  it('exits 2 on usage errors, without a stack', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    // Names an object has by inheritance are unknown commands too (they once crashed with a stack).
    for (const inherited of ['toString', 'constructor']) {
      const result = await runCli([inherited]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`unknown command "${inherited}"`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const badFlag = await runCli(['run', '--max-evnts', '3']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--max-evnts'");
    expect(badFlag.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate reports every problem of examples/invalid.yaml at file:line:column and exits 2', async () => {
    const result = await runCli(['validate', 'examples/invalid.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/examples\/invalid\.yaml:\d+:\d+: unknown key "clientSecrte".*Did you mean "clientSecret"\?/);
    expect(result.stderr).toMatch(/examples\/invalid\.yaml:18:5: unknown sink "consol".*Did you mean "console"\?/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const valid = await runCli(['validate', 'examples/console.yaml']);
    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('is valid');
  });

  it('validate passes a config whose queueMetrics has no conversationState before it, and says why its counts would stay at zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
    writeFileSync(join(dir, 'p.yaml'), 'source:\n  genesys:\n    topics: ["v2.routing.queues.{queueId}.conversations"]\n    queues: all\npipeline:\n  - queueMetrics: {}\n  - conversationState: {}\nsinks:\n  - console: {}\n');
    const result = await runCli(['validate', 'p.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('p.yaml is valid');
    expect(result.stderr).toBe('[gcstream] warning: p.yaml:6:19: queueMetrics counts the records conversationState makes, and none comes before it: offered, answered, abandoned and service level will stay at zero. Put conversationState before queueMetrics\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('plugins lists the built-in sinks and operators; schema prints JSON Schema', async () => {
    const plugins = await runCli(['plugins']);
    expect(plugins.code).toBe(0);
    expect(plugins.stdout).toMatch(/^\s+console\s+Prints/m);
    expect(plugins.stdout).toMatch(/^\s+dedupe\s+/m);
    const schema = await runCli(['schema']);
    expect(schema.code).toBe(0);
    const json = JSON.parse(schema.stdout) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('maxInFlight');
    expect(json).toMatchObject({ properties: { tests: { type: 'array', items: { properties: { expect: { type: 'object' } } } } } });
  });

  it('runs examples/console.yaml on the built-in emulator and prints readable lines', async () => {
    const result = await runCli(['run', 'examples/console.yaml', '--max-events', '12', '--emulator-speed', '60']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(line).toMatch(PRETTY_LINE);
    expect(result.stderr).toContain('running on the built-in Genesys Cloud emulator');
    const ended = logLines(result.stderr).find((l) => l.msg === 'pipeline ended');
    expect(ended).toMatchObject({ reason: 'max-events', events: 12, sinks: { console: { delivered: 12 } } });
  });

  it('sizes the built-in contact center with --emulator-profile, and refuses a profile it does not have', async () => {
    const result = await runCli(['run', 'examples/console.yaml', '--max-events', '5', '--emulator-speed', '60', '--emulator-profile', 'medium']);
    expect(result.code, result.stderr).toBe(0);
    expect(logLines(result.stderr).find((l) => l.msg === 'Genesys Cloud emulator listening')).toMatchObject({ profile: 'medium' });
    const refused = await runCli(['run', 'examples/console.yaml', '--emulator-profile', 'huge']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('[gcstream] --emulator-profile "huge" is not a profile: use small, medium, large, enterprise.\n');
  });

  it('prints, in json, exactly notifications the emulator emitted (checked against its ground truth)', async () => {
    const emulator = await startEmulator({ port: 0, speed: 60, seed: 7 });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
      writeFileSync(
        join(dir, 'pipeline.yaml'),
        [
          'source:',
          '  genesys:',
          `    baseUrl: ${emulator.baseUrl}`,
          `    clientId: ${emulator.clientId}`,
          '    clientSecret: ${EMU_SECRET}',
          '    topics:',
          '      - v2.routing.queues.{queueId}.conversations',
          'pipeline:',
          '  - dedupe: {}',
          'sinks:',
          '  - console: { format: json }',
        ].join('\n'),
      );
      const result = await runCli(['run', 'pipeline.yaml', '--max-events', '10'], { cwd: dir, env: { EMU_SECRET: emulator.clientSecret } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain(emulator.clientSecret);
      const printed = result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { topicName: string; family: string; metadata: { CorrelationId: string }; key: string });
      expect(printed).toHaveLength(10);
      const truth = new Set(emulator.truth().map((r) => `${r.topicName} ${r.correlationId}`));
      for (const event of printed) {
        expect(event.family).toBe('conversation');
        expect(truth.has(`${event.topicName} ${event.metadata.CorrelationId}`)).toBe(true);
      }
      expect(new Set(printed.map((e) => e.key)).size).toBe(10);
    } finally {
      await emulator.close();
    }
  });

  it('SIGINT during run drains, closes the sink, and exits 0', async () => {
    const run = startCli(['run', 'examples/console.yaml', '--emulator-speed', '60', '--log-level', 'debug']);
    await waitFor(run, () => run.stdout().split('\n').filter(Boolean).length >= 3, 'three printed events');
    run.child.kill('SIGINT');
    const code = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const logs = logLines(run.stderr());
    expect(logs.some((l) => l.msg === 'sink closed' && l.sink === 'console')).toBe(true);
    const ended = logs.find((l) => l.msg === 'pipeline ended') as { reason: string; drained?: boolean; sinks: { console: { delivered: number } } };
    expect(ended.reason).toBe('stopped');
    // Everything that reached the sink was printed: nothing was lost in the drain.
    expect(ended.sinks.console.delivered).toBe(run.stdout().split('\n').filter(Boolean).length);
  });

  it('serves Prometheus metrics and readiness while running when metrics.port is set; SIGTERM drains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
    writeFileSync(join(dir, 'pipeline.yaml'), 'metrics: { port: 0 }\nsinks:\n  - console: { format: json }\n');
    const run = startCli(['run', 'pipeline.yaml', '--emulator-speed', '60'], { cwd: dir });
    try {
      await waitFor(run, () => logLines(run.stderr()).some((l) => l.msg === 'genesys source starting') && /metrics at (\S+)\/metrics/.test(run.stderr()), 'the metrics server');
      const url = /metrics at (\S+)\/metrics/.exec(run.stderr())![1]!;
      await waitFor(run, () => run.stdout().length > 0, 'the first event');
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).toMatch(/^gcstream_pipeline_events_total [1-9]/m);
      expect(text).toContain('# TYPE gcstream_sink_delivered_total counter');
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    }
    // SIGTERM drains like SIGINT: the pipeline ends with its summary, nothing left waiting.
    const ended = logLines(run.stderr()).find((l) => l.msg === 'pipeline ended') as { reason: string; sinks: { console: { delivered: number; buffered: number } } };
    expect(ended.reason).toBe('stopped');
    expect(ended.sinks.console.buffered).toBe(0);
    expect(ended.sinks.console.delivered).toBe(run.stdout().split('\n').filter(Boolean).length);
  });

  it('test runs the config\'s cases: 0 when they pass, 1 when one fails, 2 when a case is invalid', async () => {
    const passing = await runCli(['test', 'examples/console.yaml']);
    expect(passing.code, passing.stderr).toBe(0);
    expect(passing.stdout).toMatch(/2 passed, 0 failed/);
    const dir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
    const input = '      - { topicName: v2.users.u1.routingStatus, eventBody: { routingStatus: { status: IDLE, startTime: "2026-01-01T00:00:00.000Z" } } }\n';
    writeFileSync(join(dir, 'failing.yaml'), `sinks:\n  - console: {}\ntests:\n  - name: expects too much\n    input:\n${input}    expect: { count: 3 }\n`);
    const failing = await runCli(['test', 'failing.yaml'], { cwd: dir });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('FAIL  expects too much');
    expect(failing.stdout).toContain('expected 3 events, got 1');
    writeFileSync(join(dir, 'invalid.yaml'), `sinks:\n  - console: {}\ntests:\n  - name: no expectation\n    input:\n${input}    expect: {}\n`);
    const invalid = await runCli(['test', 'invalid.yaml'], { cwd: dir });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/invalid\.yaml:7:13: test case: .*say what to expect/);
    const validated = await runCli(['validate', 'invalid.yaml'], { cwd: dir });
    expect(validated.code).toBe(2);
    expect(validated.stderr).toMatch(/invalid\.yaml:7:13: test case: /);
  });

  it('loads sinks from a local module path and from an installed package, and checks their options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
    const captured = join(dir, 'local.txt');
    const local = await runCli(['run', 'packages/cli/test/fixtures/local-plugin.yaml', '--max-events', '4', '--emulator-speed', '60'], { env: { CAPTURE_FILE: captured } });
    expect(local.code, local.stderr).toBe(0);
    const keys = readFileSync(captured, 'utf8').trim().split('\n');
    expect(keys).toHaveLength(4);
    const printed = local.stdout.trim().split('\n').map((line) => `local ${(JSON.parse(line) as { key: string }).key}`);
    expect(keys).toEqual(printed);

    // An installed package beside the config: node_modules/gcstream-plugin-capture, named `capture`.
    const project = mkdtempSync(join(REPO_ROOT, 'packages/cli/test/.tmp-'));
    try {
      const pkg = join(project, 'node_modules', 'gcstream-plugin-capture');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'gcstream-plugin-capture', version: '1.0.0', type: 'module', exports: { '.': { import: './index.mjs' } } }));
      writeFileSync(join(pkg, 'index.mjs'), readFileSync(join(REPO_ROOT, 'packages/cli/test/fixtures/capture-sink.mjs'), 'utf8'));
      const broken = join(project, 'node_modules', '@acme', 'gcstream-plugin-broken');
      mkdirSync(broken, { recursive: true });
      writeFileSync(join(broken, 'package.json'), JSON.stringify({ name: '@acme/gcstream-plugin-broken', version: '1.0.0', type: 'module', exports: './index.mjs' }));
      writeFileSync(join(broken, 'index.mjs'), 'export default { hello: 1 };');
      const listed = await runCli(['plugins'], { cwd: project });
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/gcstream-plugin-capture\s+Appends each event key.*\(name it capture\)/);
      expect(listed.stdout).toMatch(/@acme\/gcstream-plugin-broken\s+cannot be loaded: .*not a gcstream sink/);
      writeFileSync(join(project, 'pipeline.yaml'), 'sinks:\n  - capture: { file: installed.txt, prefix: 7 }\n');
      const invalid = await runCli(['validate', 'pipeline.yaml'], { cwd: project });
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/pipeline\.yaml:2:45: sink "capture": .*prefix/);
      writeFileSync(join(project, 'pipeline.yaml'), `sinks:\n  - capture: { file: ${join(project, 'installed.txt')} }\n`);
      const installed = await runCli(['run', 'pipeline.yaml', '--max-events', '3', '--emulator-speed', '60'], { cwd: project });
      expect(installed.code, installed.stderr).toBe(0);
      expect(readFileSync(join(project, 'installed.txt'), 'utf8').trim().split('\n')).toHaveLength(3);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('emulator serves a Genesys Cloud with the given credentials until SIGINT; bad flags exit 2', async () => {
    const run = startCli(['emulator', '--port', '0', '--seed', '3', '--speed', '10', '--client-id', 'e2e-client', '--client-secret', 'e2e-secret']);
    try {
      await waitFor(run, () => /ready at (http:\/\/127\.0\.0\.1:\d+)/.test(run.stdout()), 'the emulator');
      const baseUrl = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.stdout())![1]!;
      expect(run.stdout()).toContain('e2e-secret');
      const login = await fetch(`${baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('e2e-client:e2e-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { access_token?: string }).access_token).toBeTruthy();
    } finally {
      run.child.kill('SIGINT');
      // A wrapper (npx, pnpm) passes its copy of the Ctrl-C on a moment later: still one clean stop.
      setTimeout(() => run.child.kill('SIGINT'), 5);
    }
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain('emulator stopped');
    const badFault = await runCli(['emulator', '--port', '0', '--faults', 'explode:now=1']);
    expect(badFault.code).toBe(2);
    expect(badFault.stderr).toContain('bad fault spec');
    expect(badFault.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs an EventBridge export file to the end and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-e2e-'));
    const presence = (state: string) => ({
      topicName: 'v2.users.8f1c2d3e-0000-4000-8000-000000000001.presence',
      version: '2',
      eventBody: { source: 'PURECLOUD', presenceDefinition: { id: 'p1', systemPresence: state }, primary: true, modifiedDate: '2026-01-01T14:02:11.000Z' },
      metadata: { CorrelationId: `c-${state}` },
    });
    const bridged = (envelope: ReturnType<typeof presence>) => ({
      version: '0',
      id: envelope.metadata.CorrelationId,
      'detail-type': envelope.topicName,
      source: 'aws.partner/genesys.com/cloud/org/gcstream',
      account: '123456789012',
      time: '2026-01-01T14:02:11Z',
      region: 'us-east-1',
      resources: [],
      detail: { ...envelope, timestamp: '2026-01-01T14:02:11Z' },
    });
    writeFileSync(join(dir, 'events.ndjson'), `${[bridged(presence('Available')), bridged(presence('Away'))].map((e) => JSON.stringify(e)).join('\n')}\n`);
    writeFileSync(join(dir, 'pipeline.yaml'), 'source:\n  eventbridge:\n    file: events.ndjson\nsinks:\n  - console: { timeZone: utc }\n');
    const result = await runCli(['run', 'pipeline.yaml'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('14:02:11 presence     user 8f1c2d3e…  Available\n14:02:11 presence     user 8f1c2d3e…  Away\n');
  });
});
