import { describe, expect, it } from 'vitest';
import { isGcsError } from '../errors/errors.js';
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
