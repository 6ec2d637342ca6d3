import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errors } from '../errors/errors.js';
import { parseConfigText } from '../config/parseConfig.js';
import { createLogger, type LogLevel } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

const CLIENT_SECRET = 'gc-client-secret-Zq81x';
const PG_PASSWORD = 'pg-pa55word-77';
const TOKEN = 'webhook-token-3f9a';

const configText = [
  'source:',
  '  genesys:',
  '    clientId: client-id-visible',
  '    clientSecret: ${GC_SECRET}',
  'sinks:',
  `  - postgres: { url: "postgres://app:${PG_PASSWORD}@127.0.0.1:5432/gc", table: events }`,
  `  - webhook: { url: "http://127.0.0.1:9000/hook", token: ${TOKEN} }`,
  '',
].join('\n');

describe('createLogger', () => {
  it('never writes a config secret, at any level, in any shape', () => {
    const loaded = parseConfigText(configText, 'p.yaml', { env: { GC_SECRET: CLIENT_SECRET } });
    const secrets = [CLIENT_SECRET, PG_PASSWORD, TOKEN];
    expect(loaded.secrets).toEqual(expect.arrayContaining(secrets));

    for (const level of LEVELS) {
      const { lines, destination } = capture();
      const logger = createLogger({ level, secrets: loaded.secrets, destination });
      const log = logger[level].bind(logger);
      log({ config: loaded.config }, 'loaded config');
      log({ sinks: loaded.sinks }, 'sinks');
      log(`connecting to postgres://app:${PG_PASSWORD}@127.0.0.1:5432/gc`);
      log({ err: new Error(`login failed for secret ${CLIENT_SECRET}`) }, 'auth');
      log(errors.sinkFatal('webhook', `rejected token ${TOKEN}`));
      log({ headers: { authorization: `Bearer ${TOKEN}` }, request: { body: { client_secret: CLIENT_SECRET } } }, 'request');
      log('template %s and %o', CLIENT_SECRET, { nested: { deeper: { password: PG_PASSWORD } } });
      logger.child({ scope: 'sink:postgres' })[level]({ dsn: `postgres://app:${PG_PASSWORD}@127.0.0.1/gc` }, 'child');

      expect(lines.length, `level ${level}`).toBe(8);
      const output = lines.join('');
      for (const secret of secrets) expect(output, `level ${level}`).not.toContain(secret);
      expect(output).toContain('client-id-visible');
      expect(output).toContain('[redacted]');
      expect(output).toContain('postgres://app:[redacted]@127.0.0.1');
    }
  });

  it('writes nothing below its level, and keeps lines JSON', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'warn', destination });
    logger.info('quiet');
    logger.warn({ n: 1 }, 'loud');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'loud', n: 1 });
  });

  it('scrubs a secret registered at run time, also through children made before it', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    const child = logger.child({ scope: 'source:genesys' });
    const accessToken = 'runtime-access-token-0042';
    child.registerSecret(accessToken);
    child.info({ response: { body: `{"access_token":"${accessToken}"}` } }, `got ${accessToken}`);
    logger.info(accessToken);
    expect(lines.join('')).not.toContain(accessToken);
    expect(lines).toHaveLength(2);
  });

  it('redacts secret-named fields even when the value was never registered', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    logger.info({ a: { b: { c: { d: { apiKey: 'unregistered-key-1' } } } }, password: 'unregistered-pw-2' }, 'deep');
    const output = lines.join('');
    expect(output).not.toContain('unregistered-key-1');
    expect(output).not.toContain('unregistered-pw-2');
    expect(JSON.parse(lines[0]!)).toMatchObject({ password: '[redacted]', a: { b: { c: { d: { apiKey: '[redacted]' } } } } });
  });

  it('scrubs secrets that contain JSON-escaped characters', () => {
    const { lines, destination } = capture();
    const secret = 'quote"back\\slash-secret';
    const logger = createLogger({ secrets: [secret], destination });
    logger.info({ note: `value is ${secret}` }, 'escaped');
    expect(lines.join('')).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(JSON.parse(lines[0]!).note).toBe('value is [redacted]');
  });

  it('prints human-readable lines when pretty, still scrubbed', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ pretty: true, secrets: [CLIENT_SECRET], destination });
    logger.info({ detail: CLIENT_SECRET }, 'pretty line');
    const output = lines.join('');
    expect(output).toContain('pretty line');
    expect(output).toContain('INFO');
    expect(output).not.toContain(CLIENT_SECRET);
    expect(() => JSON.parse(output)).toThrow();
  });

  it('keeps any registered secret out of any line, whatever shape carries it', () => {
    const secretValue = fc.stringMatching(/^[A-Za-z0-9_\-.:\/+=]{8,32}$/).filter((v) => !'[redacted]'.includes(v));
    const shape = fc.constantFrom<(s: string) => [unknown, string?]>(
      (s) => [{ value: s }, 'object'],
      (s) => [{ nested: { list: [`pre ${s} post`] } }, 'nested'],
      (s) => [new Error(`failed with ${s}`)],
      (s) => [{ err: new TypeError(s) }, 'err'],
      (s) => [`message ${s}`],
      (s) => [{ url: `https://user:${encodeURIComponent(s)}@127.0.0.1/x` }, 'url'],
    );
    fc.assert(
      fc.property(secretValue, shape, fc.constantFrom(...LEVELS), (secret, make, level) => {
        const { lines, destination } = capture();
        const logger = createLogger({ level: 'trace', secrets: [secret], destination });
        const [first, message] = make(secret);
        if (message === undefined) logger[level](first as string);
        else logger[level](first as object, message);
        expect(lines).toHaveLength(1);
        expect(lines[0]).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts silent', () => {
    const { lines, destination } = capture();
    const level: LogLevel = 'silent';
    createLogger({ level, destination }).fatal('nothing');
    expect(lines).toEqual([]);
  });
});
