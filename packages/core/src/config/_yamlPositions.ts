import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePosition } from '../errors/errors.js';

export type ConfigPath = readonly (string | number)[];

export interface PositionOptions {
  /** Point at the key of the last segment (for unknown keys) rather than at its value. */
  readonly key?: boolean;
}

/** Renders a path the way a user reads it: `sinks[0].postgres.url`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    // A plugin named by its path (`./audit.mjs`) is a key a dot would make unreadable.
    else if (!/^[\w$-]+$/.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || '(top level)';
}

/**
 * Maps config paths to file positions through the parsed YAML document. A path that does not exist
 * (a missing required key) resolves to the deepest part that does, so the error still points near
 * where the fix belongs.
 */
export function createPositionFinder(doc: Document, lineCounter: LineCounter, file: string) {
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);

  return function positionOf(path: ConfigPath, options: PositionOptions = {}): SourcePosition {
    let node: unknown = resolve(doc.contents);
    let best: Node | undefined = isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (!pair) break;
        const keyNode = isScalar(pair.key) ? pair.key : undefined;
        const valueNode = resolve(pair.value) as Node | null;
        if (last && options.key && keyNode) return rangeStart(keyNode) ?? fallback();
        // `key:` with nothing after it has an empty value node; the key is the useful place then.
        const emptyValue = !valueNode || !valueNode.range || valueNode.range[0] === valueNode.range[1];
        best = (emptyValue ? keyNode : valueNode) ?? best;
        node = valueNode;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = resolve(node.items[segment]) as Node | undefined;
        if (!item) break;
        best = item;
        node = item;
      } else break;
    }
    return (best && rangeStart(best)) ?? fallback();

    function rangeStart(n: Node): SourcePosition | undefined {
      return n.range ? toPosition(n.range[0]) : undefined;
    }
    function fallback(): SourcePosition {
      return { file, line: 1, column: 1 };
    }
  };
}

export type PositionFinder = ReturnType<typeof createPositionFinder>;
