import { describe, expect, it } from 'vitest';
import { EXIT } from './io.js';
import { MAIN_USAGE } from './usage.js';

describe('gcstream --help', () => {
  it('lists every exit code the commands return', () => {
    const line = MAIN_USAGE.split('\n').find((l) => l.startsWith('Exit codes:')) ?? '';
    for (const code of Object.values(EXIT)) expect(line).toMatch(new RegExp(`\\b${code} `));
  });
});
