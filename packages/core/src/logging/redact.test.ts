import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretSet, redactUrlPasswords, redactValue } from './redact.js';

/** Secrets that cannot be rebuilt from the replacement text itself. */
const secret = fc.stringMatching(/^[A-Za-z0-9_\-.!~]{8,24}$/).filter((s) => !REDACTED.includes(s));

describe('SecretSet.scrub', () => {
  it('removes every registered secret from any text', () => {
    fc.assert(
      fc.property(fc.uniqueArray(secret, { minLength: 1, maxLength: 5 }), fc.array(fc.string(), { maxLength: 6 }), (secrets, fillers) => {
        const set = new SecretSet(secrets);
        const text = fillers.map((f, i) => `${f}${secrets[i % secrets.length]}`).join('|') + secrets.join(' ');
        const scrubbed = set.scrub(text);
        for (const s of secrets) expect(scrubbed).not.toContain(s);
      }),
    );
  });

  it('leaves text without secrets or URL passwords unchanged', () => {
    fc.assert(
      fc.property(secret, fc.string(), (s, text) => {
        fc.pre(!text.includes(s) && !text.includes('://'));
        expect(new SecretSet([s]).scrub(text)).toBe(text);
      }),
    );
  });

  it('replaces the longest secret when one contains another', () => {
    const set = new SecretSet(['abcd', 'abcdefgh']);
    expect(set.scrub('x abcdefgh y abcd')).toBe('x [redacted] y [redacted]');
  });

  it('ignores secrets too short to scrub safely, and empty values', () => {
    const set = new SecretSet(['abc', '', undefined as unknown as string]);
    expect(set.size).toBe(0);
    expect(set.scrub('abc')).toBe('abc');
  });
});

describe('redactUrlPasswords', () => {
  it('hides the password and keeps user, host and path', () => {
    expect(redactUrlPasswords('postgres://app:s3cret@127.0.0.1:5432/db and mysql://u:p%40ss@h/x')).toBe(
      'postgres://app:[redacted]@127.0.0.1:5432/db and mysql://u:[redacted]@h/x',
    );
  });

  it('leaves URLs without a password alone', () => {
    const text = 'http://127.0.0.1:8080/path@v2 https://user@host/x';
    expect(redactUrlPasswords(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('replaces secret-named fields at any depth and returns untouched objects as they are', () => {
    const clean = { a: { b: [1, 'two'] } };
    expect(redactValue(clean)).toBe(clean);
    const error = new Error('kept');
    expect(redactValue({ x: [{ Authorization: 'Bearer abc' }], err: error, api_key: 12 })).toEqual({
      x: [{ Authorization: REDACTED }],
      err: error,
      api_key: REDACTED,
    });
  });
});
