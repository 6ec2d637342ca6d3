import { isPair, isScalar, isSeq, visit, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePosition } from '../errors/errors.js';
import type { Problem } from './_issues.js';
import { formatPath } from './_yamlPositions.js';
import { interpolateEnv, type Env } from './envInterpolation.js';

export interface EnvProblem extends Problem {
  /** The config path of the value holding the reference. */
  readonly path: (string | number)[];
  /** Set for an unset variable (as opposed to a malformed reference). */
  readonly missing?: string;
}

/**
 * Fills `${VAR}` references inside the document's string scalars, in place. Working on parsed
 * scalars (not on the file's text) means a value containing `:` or `#` cannot break the YAML, and
 * every problem keeps the position of the reference.
 *
 * Values stay strings; the paths of values that were exactly one reference (`port: ${PORT}`) are
 * returned in `filled`, so validation can read them as the number or boolean the schema expects
 * there (see `_envCoercion.ts`). Those whose variable was set but empty are in `emptied`, by path,
 * with the variable's name: a value refused as empty then names the variable to fill.
 */
export function interpolateDocument(
  doc: Document,
  text: string,
  lineCounter: LineCounter,
  file: string,
  env: Env,
): { problems: EnvProblem[]; filled: Set<string>; emptied: Map<string, string> } {
  const problems: EnvProblem[] = [];
  const filled = new Set<string>();
  const emptied = new Map<string, string>();
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const result = interpolateEnv(node.value, env);
      const path = pathOf(ancestors, node);
      const positionOf = (needle: string): SourcePosition => {
        const start = node.range?.[0] ?? 0;
        const found = node.range ? text.slice(start, node.range[1]).indexOf(needle) : -1;
        const { line, col } = lineCounter.linePos(start + Math.max(0, found));
        return { file, line, column: col };
      };
      for (const name of result.missing) {
        problems.push({
          path,
          missing: name,
          position: positionOf(`\${${name}`),
          message: `environment variable ${name} is not set — export it, or give a default: \${${name}:-value}.`,
        });
      }
      for (const reference of result.malformed) {
        problems.push({
          path,
          position: positionOf(reference),
          message: `"${reference}" is not a valid environment reference — write \${NAME} or \${NAME:-default} (NAME is letters, digits, _), or $\${ for a literal \${.`,
        });
      }
      if (!result.changed) return;
      const written = node.value;
      node.value = result.value;
      if (result.wholeReference && result.missing.length === 0) {
        filled.add(formatPath(path));
        if (result.value === '') emptied.set(formatPath(path), written.slice(2, written.search(/[:}]/)));
      }
    },
  });
  return { problems, filled, emptied };
}

/** The config path of a node from the ancestors `visit` reports. */
function pathOf(ancestors: readonly unknown[], node: Node): (string | number)[] {
  const chain = [...ancestors, node];
  const path: (string | number)[] = [];
  for (let i = 0; i < chain.length; i++) {
    const item = chain[i];
    if (isPair(item)) path.push(String(isScalar(item.key) ? item.key.value : item.key));
    else if (isSeq(item)) path.push(item.items.indexOf(chain[i + 1] as never));
  }
  return path;
}
