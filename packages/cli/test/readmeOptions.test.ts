import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/builtins.js';
import { ENGINE_TABLE, markedTables, optionTables, renderOptionTables } from '../src/docs/optionTables.js';
import { README_FILES, REPO_ROOT } from '../src/docs/readmeFiles.js';

const registry = builtinRegistry();
const tables = optionTables(registry);
const read = (file: string) => readFileSync(`${REPO_ROOT}/${file}`, 'utf8');

describe('README option tables', () => {
  it.each(README_FILES)('%s: every marked table is the one the schema makes (else run `pnpm docs:options`)', (file) => {
    const text = read(file);
    expect(renderOptionTables(text, tables, file)).toBe(text);
  });

  it('documents every built-in sink, every operator and the engine options in a marked table', () => {
    const marked = new Set(README_FILES.flatMap((file) => markedTables(read(file))));
    const expected = [...registry.sinks.keys(), ...registry.operators.keys(), ENGINE_TABLE];
    expect(expected.filter((name) => !marked.has(name))).toEqual([]);
  });

  it('finds a drifted table', () => {
    const drifted = '<!-- options:console -->\n| option | type | default | description |\n|---|---|---|---|\n<!-- /options -->';
    expect(renderOptionTables(drifted, tables, 'x.md')).not.toBe(drifted);
    expect(() => renderOptionTables('<!-- options:nope -->\n<!-- /options -->', tables, 'x.md')).toThrow(/names no registered operator or sink/);
  });
});
