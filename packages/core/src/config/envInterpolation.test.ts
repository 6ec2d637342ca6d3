import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './envInterpolation.js';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,11}$/);
/** Text that cannot form a reference on its own or with its neighbours. */
const plain = fc.string({ maxLength: 30 }).filter((s) => !s.includes('${') && !s.includes('$') && !s.includes('{'));

describe('interpolateEnv', () => {
  it('fills ${NAME} and ${NAME:-default}', () => {
    const env = { HOST: 'db.local', EMPTY: '' };
    expect(interpolateEnv('postgres://${HOST}:5432/x', env).value).toBe('postgres://db.local:5432/x');
    expect(interpolateEnv('${PORT:-5432}', env).value).toBe('5432');
    expect(interpolateEnv('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(interpolateEnv('${HOST:-fallback}', env).value).toBe('db.local');
  });

  it('reports unset variables without a default, in order', () => {
    const result = interpolateEnv('${A}-${B:-b}-${C}', {});
    expect(result.missing).toEqual(['A', 'C']);
    expect(result.value).toBe('${A}-b-${C}');
  });

  it('treats an empty variable without a default as set', () => {
    expect(interpolateEnv('x${E}y', { E: '' })).toMatchObject({ value: 'xy', missing: [] });
  });

  it('writes a literal ${ for $${', () => {
    expect(interpolateEnv('$${HOME} and ${HOME}', { HOME: '/root' }).value).toBe('${HOME} and /root');
  });

  it('reports malformed references', () => {
    expect(interpolateEnv('${1X} ${OPEN', {}).malformed).toEqual(['${1X}', '${OPEN']);
  });

  it('knows when the whole value is one reference', () => {
    expect(interpolateEnv('${PORT:-80}', {}).wholeReference).toBe(true);
    expect(interpolateEnv(':${PORT}', { PORT: '1' }).wholeReference).toBe(false);
  });

  describe('properties', () => {
    it('leaves any text without ${ unchanged', () => {
      fc.assert(
        fc.property(
          fc.string().filter((s) => !s.includes('${')),
          fc.dictionary(name, fc.string()),
          (text, env) => {
            const result = interpolateEnv(text, env);
            expect(result.value).toBe(text);
            expect(result.changed).toBe(false);
          },
        ),
      );
    });

    it('replaces ${NAME} with the value of a set variable, whatever the surrounding text', () => {
      fc.assert(
        fc.property(plain, name, fc.string(), plain, (before, key, value, after) => {
          const result = interpolateEnv(`${before}\${${key}}${after}`, { [key]: value });
          expect(result.value).toBe(`${before}${value}${after}`);
          expect(result.missing).toEqual([]);
        }),
      );
    });

    it('uses a default only when the variable is unset or empty (shell :- rules)', () => {
      const fallback = fc.string({ maxLength: 20 }).filter((s) => !s.includes('}'));
      fc.assert(
        fc.property(name, fc.option(fc.string(), { nil: undefined }), fallback, (key, value, def) => {
          const env = value === undefined ? {} : { [key]: value };
          const expected = value === undefined || value === '' ? def : value;
          expect(interpolateEnv(`\${${key}:-${def}}`, env).value).toBe(expected);
        }),
      );
    });

    it('never expands references that arrive inside a value', () => {
      fc.assert(
        fc.property(name, name, fc.string(), fc.string(), (outer, inner, innerValue, padding) => {
          fc.pre(outer !== inner);
          const value = `${padding}\${${inner}}${padding}`;
          const result = interpolateEnv(`\${${outer}}`, { [outer]: value, [inner]: innerValue });
          expect(result.value).toBe(value);
          expect(result.missing).toEqual([]);
        }),
      );
    });

    it('reports exactly the unset variables among those referenced', () => {
      fc.assert(
        fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (names, set) => {
          const env = Object.fromEntries(names.filter((_, i) => set[i]).map((n) => [n, 'v']));
          const result = interpolateEnv(names.map((n) => `\${${n}}`).join('/'), env);
          expect(result.missing).toEqual(names.filter((_, i) => !set[i]));
        }),
      );
    });
  });
});
