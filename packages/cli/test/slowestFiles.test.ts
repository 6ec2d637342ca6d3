import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { slowest } from '../vitest.config.ts';

describe('the files the CLI suite starts first', () => {
  it('all exist, so a renamed slow file is not silently left to start last', () => {
    const missing = slowest.filter((path) => !existsSync(fileURLToPath(new URL(`../${path}`, import.meta.url))));
    expect(missing).toEqual([]);
  });
});
