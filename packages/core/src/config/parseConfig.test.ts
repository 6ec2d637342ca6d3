import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GcsError, isGcsError } from '../errors/errors.js';
import { defineOperator } from '../operators/defineOperator.js';
import { createRegistry } from '../registry/registry.js';
import { defineSink } from '../sinks/defineSink.js';
import { parseConfigText } from './parseConfig.js';

/** Runs `fn`, which must throw a GcsError, and returns it. */
function failure(fn: () => unknown): GcsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GcsError) return error;
    throw error;
  }
  throw new Error('expected a GcsError, nothing was thrown');
}

const problemsOf = (error: GcsError) => error.details.problems as string[];
const yaml = (lines: string[]) => `${lines.join('\n')}\n`;

describe('parseConfigText', () => {
  it('parses a full config, filling env references and applying defaults', () => {
    const loaded = parseConfigText(
      yaml([
        'source:',
        '  genesys:',
        '    region: us-east-1',
        '    clientId: ${GC_ID}',
        '    clientSecret: ${GC_SECRET}',
        'pipeline:',
        '  - dedupe: { ttl: 5m }',
        'sinks:',
        '  - console: { format: pretty }',
        '  - postgres: { url: "postgres://app:${PG_PASS}@127.0.0.1/db#main" }',
        'metrics:',
        '  port: ${METRICS_PORT:-9464}',
      ]),
      'pipeline.yaml',
      { env: { GC_ID: 'client-1', GC_SECRET: 's3cr3t-value', PG_PASS: 'pg-p4ss' }, cwd: '/tmp/project' },
    );
    expect(loaded.file).toBe('/tmp/project/pipeline.yaml');
    expect(loaded.baseDir).toBe('/tmp/project');
    expect(loaded.config.source?.genesys).toMatchObject({ clientId: 'client-1', clientSecret: 's3cr3t-value', backfill: false, pingInterval: 15_000 });
    expect(loaded.config.metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loaded.config.shutdownTimeout).toBe(10_000);
    expect(loaded.config.pipeline).toEqual([{ dedupe: { ttl: 300_000, maxEntries: expect.any(Number) } }]);
    expect(loaded.operators.map((o) => [o.name, o.path])).toEqual([['dedupe', ['pipeline', 0, 'dedupe']]]);
    expect(loaded.sinks).toEqual([
      { name: 'console', options: { format: 'pretty' }, path: ['sinks', 0, 'console'] },
      { name: 'postgres', options: { url: 'postgres://app:pg-p4ss@127.0.0.1/db#main' }, path: ['sinks', 1, 'postgres'] },
    ]);
    expect(loaded.secrets).toEqual(expect.arrayContaining(['s3cr3t-value', 'pg-p4ss']));
    expect(loaded.secrets).not.toContain('client-1');
  });

  it('keeps a value with ":" or "#" from the environment intact (interpolation happens after parsing)', () => {
    const loaded = parseConfigText(yaml(['sinks:', '  - webhook:', '      url: "${URL}"', '      note: ${NOTE}']), 'p.yaml', {
      env: { URL: 'http://127.0.0.1:8080/x#frag', NOTE: 'a: b # not a comment' },
    });
    expect(loaded.sinks[0]!.options).toEqual({ url: 'http://127.0.0.1:8080/x#frag', note: 'a: b # not a comment' });
  });

  it('reads a value that is exactly one env reference as the number or boolean the schema expects', () => {
    const loaded = parseConfigText(
      yaml([
        'source:',
        '  genesys:',
        '    clientSecret: ${NUM}',
        '    backfill: ${YES}',
        'pipeline:',
        '  - dedupe: { maxEntries: "${NUM}" }',
        'metrics: { port: "${NUM}" }',
        'sinks: [{ file: { size: "${NUM}" } }]',
      ]),
      'p.yaml',
      { env: { NUM: '1234', YES: 'true' } },
    );
    expect(loaded.config.source?.genesys?.clientSecret).toBe('1234');
    expect(loaded.config.source?.genesys?.backfill).toBe(true);
    expect(loaded.config.metrics?.port).toBe(1234);
    expect(loaded.operators[0]!.options).toMatchObject({ maxEntries: 1234 });
    const sink = loaded.sinks[0]!;
    expect(sink.options).toEqual({ size: '1234' });
    expect(loaded.validateAt(z.object({ size: z.number() }), sink.options, sink.path)).toEqual({ size: 1234 });
    expect(loaded.validateAt(z.object({ size: z.string() }), sink.options, sink.path)).toEqual({ size: '1234' });
  });

  it('names the variable when a value refused as empty came from one set but empty', () => {
    const registry = createRegistry({
      sinks: [defineSink({ name: 'hook', configSchema: z.strictObject({ url: z.string().min(1) }), create: () => ({ write: async () => {}, close: async () => {} }) })],
    });
    const error = failure(() => parseConfigText(yaml(['sinks: [{ hook: { url: "${HOOK_URL}" } }]']), 'p.yaml', { env: { HOOK_URL: '' }, registry }));
    expect(problemsOf(error)).toEqual(['p.yaml:1:24: sink "hook": sinks[0].hook.url: must be at least 1 characters, found "" — change the value; it comes from ${HOOK_URL}, which is set but empty: export it with a value.']);
    // Set and not empty, the same refusal says nothing of the environment.
    expect(problemsOf(failure(() => parseConfigText(yaml(['sinks: [{ hook: { url: "" } }]']), 'p.yaml', { env: {}, registry })))[0]).not.toContain('comes from');
  });

  it('reads a duration that is exactly one env reference to a number as milliseconds, like the same number written in the file', () => {
    const loaded = parseConfigText(yaml(['pipeline:', '  - dedupe: { ttl: "${TTL}" }', 'shutdownTimeout: ${STOP}', 'sinks: [{ console: {} }]']), 'p.yaml', {
      env: { TTL: '30000', STOP: '5000' },
    });
    expect(loaded.operators[0]!.options).toMatchObject({ ttl: 30_000 });
    expect(loaded.config.shutdownTimeout).toBe(5000);
    // Text that is no number keeps the duration's own message.
    const error = failure(() => parseConfigText(yaml(['shutdownTimeout: ${STOP}', 'sinks: [{ console: {} }]']), 'p.yaml', { env: { STOP: 'soon' } }));
    expect(problemsOf(error)).toEqual(['p.yaml:1:18: shutdownTimeout: "soon" is not a duration; write it like 500ms, 30s, 10m, 2h or 1d']);
    // A number a string-only check refuses is reported as the text it was.
    const registry = createRegistry({
      sinks: [defineSink({ name: 'hook', configSchema: z.strictObject({ topic: z.string().refine((t) => t.includes('.'), 'a topic has a dot') }), create: () => ({ write: async () => {}, close: async () => {} }) })],
    });
    const refused = failure(() => parseConfigText(yaml(['sinks: [{ hook: { topic: "${T}" } }]']), 'p.yaml', { env: { T: '42' }, registry }));
    expect(problemsOf(refused)).toEqual(['p.yaml:1:26: sink "hook": sinks[0].hook.topic: a topic has a dot']);
  });

  it('does not coerce values written literally, nor text that is not a number', () => {
    const error = failure(() =>
      parseConfigText(yaml(['metrics: { port: "1234" }', 'shutdownTimeout: 1s', 'source: { genesys: { backfill: "${YES}" } }', 'sinks: [{ console: {} }]']), 'p.yaml', {
        env: { YES: 'yes' },
      }),
    );
    expect(problemsOf(error)).toEqual([
      'p.yaml:1:18: metrics.port: expected a number, found "1234" — write a number here.',
      'p.yaml:3:32: source.genesys.backfill: expected true or false, found "yes" — write true or false here.',
    ]);
  });

  it('names an unknown key with file:line:column and "did you mean"', () => {
    const error = failure(() =>
      parseConfigText(
        yaml(['source:', '  genesys:', '    region: us-east-1', '    clientId: abc', '    clientSecrte: xyz', 'sinks:', '  - console: {}']),
        'pipeline.yaml',
        { env: {} },
      ),
    );
    expect(error.code).toBe('GCS_CONFIG_INVALID');
    expect(problemsOf(error)).toEqual(['pipeline.yaml:5:5: unknown key "clientSecrte" in source.genesys. Did you mean "clientSecret"?']);
    expect(error.message).toContain('pipeline.yaml:5:5');
  });

  it("gives a pattern's own message, with the value found unless the message quotes it", () => {
    const error = failure(() => parseConfigText(yaml(['pipeline:', '  - window: { type: tumbling, size: 5m, groupBy: "eventBody[0]" }', '  - map: { remove: [" x"] }', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {} }));
    expect(problemsOf(error)).toEqual([
      'p.yaml:2:50: pipeline[0].window.groupBy: "eventBody[0]" is not a field path: write names and indexes joined by dots, like eventBody.0',
      'p.yaml:3:21: pipeline[1].map.remove[0]: " x" is not a field path: write names and indexes joined by dots, like x',
    ]);
    const registry = createRegistry({
      operators: [defineOperator({ name: 'tag', configSchema: z.strictObject({ name: z.string().regex(/^[a-z]+$/, 'a tag is lower-case letters') }), create: () => (s) => s })],
      sinks: [defineSink({ name: 'console', configSchema: z.strictObject({}), create: () => ({ write: async () => {}, close: async () => {} }) })],
    });
    const tagged = failure(() => parseConfigText(yaml(['pipeline: [{ tag: { name: Sales } }]', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {}, registry }));
    expect(problemsOf(tagged)).toEqual(['p.yaml:1:27: pipeline[0].tag.name: a tag is lower-case letters, found "Sales"']);
  });

  it('lists the allowed keys when nothing is close', () => {
    const error = failure(() => parseConfigText(yaml(['sinks: [{ console: {} }]', 'logging: { zzzzzzzz: 1 }']), 'p.yaml', { env: {} }));
    expect(problemsOf(error)[0]).toBe('p.yaml:2:12: unknown key "zzzzzzzz" in logging. Remove it; allowed keys are: level.');
  });

  it('reports an unknown top-level key', () => {
    const error = failure(() => parseConfigText(yaml(['sink:', '  - console: {}']), 'p.yaml', { env: {} }));
    expect(problemsOf(error)).toContain('p.yaml:1:1: unknown key "sink" in the top level. Did you mean "sinks"?');
  });

  it('lists every problem, sorted by position, with the expected type and the value found', () => {
    const error = failure(() =>
      parseConfigText(
        yaml([
          'source:',
          '  genesys:',
          '    backfill: yes-please',
          '    queues: some',
          '    pingInterval: soon',
          'pipeline:',
          '  - dedup: {}',
          '  - dedupe: { ttl: 5m, maxEntires: 10 }',
          'sinks: []',
          'shutdownTimeout: [1]',
        ]),
        'bad.yaml',
        { env: {} },
      ),
    );
    expect(problemsOf(error)).toEqual([
      'bad.yaml:3:15: source.genesys.backfill: expected true or false, found "yes-please" — write true or false here.',
      'bad.yaml:4:13: source.genesys.queues: expected "all" or a list, found "some" — write one of those.',
      'bad.yaml:5:19: source.genesys.pingInterval: "soon" is not a duration; write it like 500ms, 30s, 10m, 2h or 1d',
      'bad.yaml:7:5: unknown operator "dedup" in pipeline[0]. Did you mean "dedupe"? Available operators: dedupe, filter, map, reorder, window, conversationState, queueMetrics.',
      'bad.yaml:8:24: unknown key "maxEntires" in pipeline[1].dedupe. Did you mean "maxEntries"?',
      'bad.yaml:9:8: sinks: the list is empty — add at least one sink, e.g. `- console: {}`.',
      'bad.yaml:10:18: shutdownTimeout: expected a string or a number, found a list — write one of those.',
    ]);
  });

  it('points a missing required key at the mapping that lacks it', () => {
    const error = failure(() => parseConfigText(yaml(['# comment', 'logging:', '  level: info']), 'p.yaml', { env: {} }));
    expect(problemsOf(error)).toEqual(['p.yaml:2:1: missing required key "sinks" in the top level — add it (a list).']);
  });

  it('reports an entry that names more than one plugin', () => {
    const error = failure(() => parseConfigText(yaml(['sinks:', '  - console: {}', '    file: {}']), 'p.yaml', { env: {} }));
    expect(problemsOf(error)[0]).toMatch(/^p\.yaml:2:5: sinks\[0\]: each entry names exactly one sink/);
  });

  it('throws GCS_CONFIG_ENV_MISSING pointing at the reference when one variable is missing', () => {
    const error = failure(() =>
      parseConfigText(yaml(['source:', '  genesys:', '    clientSecret: "prefix-${GC_SECRET}"', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {} }),
    );
    expect(error.code).toBe('GCS_CONFIG_ENV_MISSING');
    expect(error.message).toBe('p.yaml:3:27: environment variable GC_SECRET is not set. Export it, or give a default: ${GC_SECRET:-value}.');
  });

  it('lists missing variables with other problems, without a follow-on type error', () => {
    const error = failure(() =>
      parseConfigText(yaml(['metrics:', '  port: ${PORT}', 'sinks:', '  - console: ${FORMAT}', 'extra: 1']), 'p.yaml', { env: {} }),
    );
    expect(error.code).toBe('GCS_CONFIG_INVALID');
    expect(problemsOf(error)).toEqual([
      'p.yaml:2:9: environment variable PORT is not set — export it, or give a default: ${PORT:-value}.',
      'p.yaml:4:14: environment variable FORMAT is not set — export it, or give a default: ${FORMAT:-value}.',
      'p.yaml:5:1: unknown key "extra" in the top level. Remove it; allowed keys are: source, pipeline, sinks, tests, logging, metrics, shutdownTimeout.',
    ]);
  });

  it('reports a malformed reference', () => {
    const error = failure(() => parseConfigText(yaml(['sinks:', '  - file: { path: "out/${DAY" }']), 'p.yaml', { env: {} }));
    expect(problemsOf(error)[0]).toMatch(/^p\.yaml:2:24: "\$\{DAY" is not a valid environment reference/);
  });

  it('carries the YAML library position for syntax errors', () => {
    const error = failure(() => parseConfigText(yaml(['sinks:', '  - console: {}', '   bad: [1, 2', 'x: 1']), 'p.yaml', { env: {} }));
    expect(error.code).toBe('GCS_CONFIG_PARSE');
    expect(error.message).toMatch(/^p\.yaml:\d+:\d+: YAML syntax error: /);
    expect(error.details).toMatchObject({ file: 'p.yaml', line: expect.any(Number), column: expect.any(Number) });
  });

  it('tells to quote an env reference inside a flow mapping', () => {
    const error = failure(() => parseConfigText(yaml(['sinks: [{ console: { format: ${FORMAT} } }]']), 'p.yaml', { env: {} }));
    expect(error.code).toBe('GCS_CONFIG_PARSE');
    expect(error.message).toMatch(/^p\.yaml:1:\d+: YAML syntax error: .* — quote an env reference inside \{ \} or \[ \]: write "\$\{VAR\}"\.$/);
  });

  it('reports a duplicate key as a syntax error at the duplicate', () => {
    const error = failure(() => parseConfigText(yaml(['sinks: []', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {} }));
    expect(error.code).toBe('GCS_CONFIG_PARSE');
    expect(error.message).toMatch(/^p\.yaml:2:1: YAML syntax error: Map keys must be unique/);
  });

  it('reports an empty file as missing sinks', () => {
    const error = failure(() => parseConfigText('', 'p.yaml', { env: {} }));
    expect(problemsOf(error)).toEqual(['p.yaml:1:1: missing required key "sinks" in the top level — add it (a list).']);
  });

  it('never prints a secret value in a type error', () => {
    const error = failure(() =>
      parseConfigText(yaml(['source:', '  genesys:', '    clientSecret: [hunter2-secret]', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {} }),
    );
    expect(problemsOf(error)[0]).toBe('p.yaml:3:19: source.genesys.clientSecret: expected a string, found a list — write a string here.');
    const typed = failure(() =>
      parseConfigText(yaml(['source:', '  genesys:', '    clientSecret: 12345678', '    backfill: 12345678', 'sinks: [{ console: {} }]']), 'p.yaml', {
        env: {},
      }),
    );
    expect(problemsOf(typed)[0]).toContain('found a number (hidden: it is a secret)');
    expect(problemsOf(typed)[1]).toContain('found number 12345678');
  });

  it('never prints a URL password or a secret query parameter of a value it quotes, even a long one', () => {
    const registry = createRegistry({
      sinks: [defineSink({ name: 'hook', configSchema: z.strictObject({ url: z.url({ protocol: /^https?$/ }) }), create: () => ({ write: async () => {}, close: async () => {} }) })],
    });
    const error = failure(() =>
      parseConfigText(
        yaml(['sinks:', '  - hook: { url: "htps://admin:CorrectHorseBatteryStaple@hooks.example.com/x" }', '  - hook: { url: "https://exa mple.com/?token=SECRETVAL1" }']),
        'p.yaml',
        { env: {}, registry },
      ),
    );
    const printed = problemsOf(error).join('\n');
    expect(printed).toContain('htps://admin:[redacted]@');
    expect(printed).toContain('token=[redacted]');
    expect(printed).not.toMatch(/CorrectHorse|SECRETVAL1/);
  });

  it('takes the registry of operators and sinks as a parameter', () => {
    const registry = createRegistry({
      operators: [defineOperator({ name: 'window', description: 'w', configSchema: z.strictObject({ size: z.string() }), create: () => (s) => s })],
      sinks: [defineSink({ name: 'console', configSchema: z.strictObject({}), create: () => ({ write: async () => {}, close: async () => {} }) })],
    });
    const error = failure(() => parseConfigText(yaml(['pipeline:', '  - window: { size: 5 }', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {}, registry }));
    expect(problemsOf(error)).toEqual(['p.yaml:2:21: pipeline[0].window.size: expected a string, found number 5 — write a string here.']);
  });
});

describe('bounds in messages', () => {
  it('reads an exclusive bound (positive) as "more than", not "at least"', () => {
    const registry = createRegistry({
      operators: [defineOperator({ name: 'sample', configSchema: z.strictObject({ every: z.number().positive() }), create: () => (s) => s })],
      sinks: [defineSink({ name: 'console', configSchema: z.strictObject({}), create: () => ({ write: async () => {}, close: async () => {} }) })],
    });
    const error = failure(() => parseConfigText(yaml(['pipeline: [{ sample: { every: 0 } }]', 'sinks: [{ console: {} }]']), 'p.yaml', { env: {}, registry }));
    expect(problemsOf(error)).toEqual(['p.yaml:1:31: pipeline[0].sample.every: must be more than 0, found number 0 — change the value.']);
  });
});

describe('parseConfigText properties', () => {
  it('delivers any env value intact, whatever YAML characters it holds, quoted or not', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (value, quoted) => {
        const reference = quoted ? '"${V}"' : '${V}';
        const loaded = parseConfigText(yaml(['sinks:', '  - webhook:', `      note: ${reference}`]), 'p.yaml', { env: { V: value } });
        expect(loaded.sinks[0]!.options).toEqual({ note: value });
      }),
    );
  });

  it('points an unknown key at its own line and column, wherever it is', () => {
    const known = ['region: us-east-1', 'clientId: abc', 'backfill: true', 'queues: all'];
    const unknownKey = fc.stringMatching(/^[a-z]{3,12}$/).filter((k) => !['region', 'clientId', 'backfill', 'queues', 'users', 'topics', 'baseUrl', 'reconnect'].includes(k));
    fc.assert(
      fc.property(unknownKey, fc.nat({ max: known.length }), fc.integer({ min: 1, max: 4 }), (key, at, indent) => {
        const lines = known.map((l) => `${' '.repeat(indent * 2)}${l}`);
        lines.splice(at, 0, `${' '.repeat(indent * 2)}${key}: 1`);
        const text = yaml(['source:', `${' '.repeat(indent)}genesys:`, ...lines.map((l) => ' '.repeat(indent) + l.slice(indent)), 'sinks: [{ console: {} }]']);
        let problems: string[] = [];
        try {
          parseConfigText(text, 'p.yaml', { env: {} });
        } catch (error) {
          problems = (error as GcsError).details.problems as string[];
        }
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(new RegExp(`^p\\.yaml:${at + 3}:${indent * 2 + 1}: unknown key "${key}" in source\\.genesys\\.`));
      }),
    );
  });
});

describe('LoadedConfig helpers', () => {
  const text = yaml([
    'source:',
    '  genesys:',
    '    clientId: my-client',
    '    clientSecret: ${SECRET}',
    'sinks:',
    '  - postgres:',
    '      url: postgres://user:pg-pass-123@127.0.0.1:5432/db',
    '      tabel: minutes',
    '      batchSize: many',
    '  - webhook: { url: "http://127.0.0.1/hook?token=tok-abcdef", headers: { Authorization: "Bearer bearer-xyz-789" } }',
  ]);
  const loaded = parseConfigText(text, 'p.yaml', { env: { SECRET: 'client-secret-456' } });

  it('positionOf finds values, keys, and the nearest parent of a missing path', () => {
    expect(loaded.positionOf(['sinks', 0, 'postgres', 'url'])).toEqual({ file: 'p.yaml', line: 7, column: 12 });
    expect(loaded.positionOf(['sinks', 0, 'postgres', 'tabel'], { key: true })).toEqual({ file: 'p.yaml', line: 8, column: 7 });
    expect(loaded.positionOf(['sinks', 0, 'postgres', 'table'])).toEqual({ file: 'p.yaml', line: 7, column: 7 });
    expect(loaded.positionOf(['sinks', 1, 'webhook', 'headers', 'Authorization'])).toMatchObject({ line: 10 });
  });

  it('validateAt reports every problem inside a plugin option block with positions and the label', () => {
    const schema = z.strictObject({ url: z.string(), table: z.string(), batchSize: z.number().optional() });
    const error = failure(() => loaded.validateAt(schema, loaded.sinks[0]!.options, loaded.sinks[0]!.path, 'sink "postgres"'));
    expect(isGcsError(error, 'GCS_CONFIG_INVALID')).toBe(true);
    expect(problemsOf(error)).toEqual([
      'p.yaml:7:7: sink "postgres": missing required key "table" in sinks[0].postgres — add it (a string).',
      'p.yaml:8:7: sink "postgres": unknown key "tabel" in sinks[0].postgres. Did you mean "table"?',
      'p.yaml:9:18: sink "postgres": sinks[0].postgres.batchSize: expected a number, found "many" — write a number here.',
    ]);
    expect(loaded.validateAt(z.object({ url: z.string() }), loaded.sinks[1]!.options, loaded.sinks[1]!.path)).toEqual({
      url: 'http://127.0.0.1/hook?token=tok-abcdef',
    });
  });

  it('collects every secret-looking value', () => {
    expect([...loaded.secrets].sort()).toEqual(
      ['Bearer bearer-xyz-789', 'bearer-xyz-789', 'client-secret-456', 'pg-pass-123', 'tok-abcdef'].sort(),
    );
  });

  it('redacted() hides every secret and keeps the rest', () => {
    const printed = JSON.stringify(loaded.redacted());
    for (const secret of loaded.secrets) expect(printed).not.toContain(secret);
    expect(printed).toContain('my-client');
    expect(printed).toContain('postgres://user:[redacted]@127.0.0.1:5432/db');
    expect(loaded.config.source?.genesys?.clientSecret).toBe('client-secret-456');
  });
});
