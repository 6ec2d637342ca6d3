import type { PipelineTestCase } from '@gcstream/core';
import { lineDiff } from './lineDiff.js';
import { firstMismatch } from './partialMatch.js';

/** Pretty JSON with keys sorted, so `exact` compares values, not the order keys were written in. */
const pretty = (value: unknown) => JSON.stringify(sortKeys(value), null, 2);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
}

/** Every way `output` and the dead letters differ from what the case expects; empty when it passes. */
export function compareOutput(expect: PipelineTestCase['expect'], output: readonly unknown[], deadLetters: readonly { reason: string }[], what = 'events'): string[] {
  const failures: string[] = [];
  if (expect.count !== undefined && output.length !== expect.count) failures.push(`expected ${expect.count} ${what}, got ${output.length}`);
  if (expect.deadLetters !== undefined && deadLetters.length !== expect.deadLetters) {
    failures.push(`expected ${expect.deadLetters} dead letters, got ${deadLetters.length}${deadLetters.length ? ` (${deadLetters.map((l) => l.reason).join('; ')})` : ''}`);
  }
  if (expect.events !== undefined) {
    if (output.length !== expect.events.length) failures.push(`expected ${expect.events.length} ${what}, got ${output.length}`);
    expect.events.forEach((pattern, index) => {
      const mismatch = firstMismatch(output[index], pattern, `${what}[${index}]`);
      if (mismatch) failures.push(mismatch);
    });
  }
  if (expect.exact !== undefined) {
    const want = pretty(expect.exact);
    const got = pretty(output);
    if (want !== got) failures.push(`the output is not exactly as expected (- expected, + actual):\n${lineDiff(want, got)}`);
  }
  for (const [index, pattern] of (expect.contains ?? []).entries()) {
    if (output.some((item) => firstMismatch(item, pattern) === undefined)) continue;
    failures.push(`contains[${index}]: none of the ${output.length} ${what} matches ${JSON.stringify(pattern)}${output.length ? ` (closest: ${closest(output, pattern, what)})` : ''}`);
  }
  return [...new Set(failures)];
}

/** The mismatch of the item that matched the pattern deepest before differing: the one the author most likely meant. */
function closest(output: readonly unknown[], pattern: unknown, what: string): string {
  const depth = (mismatch: string) => mismatch.slice(0, mismatch.indexOf(':')).split(/[.[]/).length;
  const mismatches = output.map((item, i) => firstMismatch(item, pattern, `${what}[${i}]`)!);
  return mismatches.reduce((best, m) => (depth(m) > depth(best) ? m : best));
}
