import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGcsError } from '../errors/errors.js';
import { MAX_CONFIG_BYTES } from './_configDocument.js';
import { loadConfig } from './loadConfig.js';
import { parseConfigText } from './parseConfig.js';

const failure = (text: string): Error => {
  try {
    parseConfigText(text, 'p.yaml');
  } catch (error) {
    return error as Error;
  }
  throw new Error('the config was accepted');
};

describe('YAML a user can trip on (issue 8)', () => {
  it('an alias bomb is a coded parse error that says what to do, not a crash', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [...'abcdefg'].map((c, i) => [c, 'bcdefgh'[i]!])) lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const error = failure(`${lines.join('\n')}\nsinks:\n  - console: {}\n`);
    expect(isGcsError(error, 'GCS_CONFIG_PARSE')).toBe(true);
    expect((error as unknown as { usage: boolean }).usage).toBe(true);
    expect(error.message).toContain('p.yaml: its aliases expand too far');
  });

  it('a huge file is refused by its size, before it is read or parsed, with the fix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-huge-config-'));
    const file = join(dir, 'huge.yaml');
    // Valid YAML all the way through: only the size is wrong.
    writeFileSync(file, `sinks:\n  - console: {}\n${'# padding padding padding padding padding padding\n'.repeat(Math.ceil(MAX_CONFIG_BYTES / 50) + 10)}`);
    const error = await loadConfig(file, { cwd: dir }).then(
      () => new Error('the config was accepted'),
      (e: Error) => e,
    );
    expect(isGcsError(error, 'GCS_CONFIG_PARSE')).toBe(true);
    expect(error.message).toMatch(/^\[gcstream\] huge\.yaml: the config is \d+ bytes, over the 1048576-byte limit for a pipeline config\. Check that the path names the pipeline's YAML/);
    // The same limit holds for text handed over directly.
    expect(failure(`sinks:\n  - console: {}\n#${'x'.repeat(MAX_CONFIG_BYTES)}\n`).message).toContain('p.yaml: the config is');
  });

  it('a duplicate key says which key to remove, not to fix indentation or quoting', () => {
    const error = failure('pipeline:\n  - dedupe: { ttl: 5m, ttl: 10m }\nsinks:\n  - console: {}\n');
    expect(error.message).toMatch(/^p\.yaml:2:24: YAML syntax error: Map keys must be unique/);
    expect(error.message).toContain('"ttl" appears twice in the same mapping: keep one of them');
    expect(error.message).not.toContain('indentation');
  });

  it('a merge key (<<: *anchor) merges the anchored options, the entry\'s own keys winning', () => {
    const loaded = parseConfigText('pipeline:\n  - dedupe: &d { ttl: 5m, maxEntries: 10 }\n  - dedupe: { <<: *d, ttl: 1m }\nsinks:\n  - console: {}\n', 'p.yaml', { env: {} });
    expect(loaded.config.pipeline).toEqual([{ dedupe: { ttl: 300_000, maxEntries: 10 } }, { dedupe: { ttl: 60_000, maxEntries: 10 } }]);
  });

  it('a topic template inside [ ] gets a hint to quote it', () => {
    const error = failure('source:\n  genesys:\n    topics: [v2.routing.queues.{queueId}.conversations]\nsinks:\n  - console: {}\n');
    expect(error.message).toMatch(/^p\.yaml:3:\d+: YAML syntax error: .*inside \[ \], a \{ starts a mapping: quote the topic \("v2\.routing\.queues\.\{queueId\}\.conversations"\)/);
  });

  it('the quoted form is valid', () => {
    const loaded = parseConfigText('source:\n  genesys:\n    topics: ["v2.routing.queues.{queueId}.conversations"]\nsinks:\n  - console: {}\n', 'p.yaml');
    expect(loaded.config.source?.genesys?.topics).toEqual(['v2.routing.queues.{queueId}.conversations']);
  });

  it('an env reference inside { } keeps its own hint', () => {
    const error = failure('sinks:\n  - console: { format: ${FMT} }\n');
    expect(error.message).toContain('quote an env reference inside { } or [ ]');
  });
});
