import type { z } from 'zod';
import type { SourcePosition } from '../errors/errors.js';
import { isSecretKey, redactUrlSecrets } from '../logging/redact.js';
import { entryListOf, shownNames, type EntryList } from './_entryLists.js';
import { allowedKeysAt, schemasAt } from './_schemaKeys.js';
import { formatPath, type ConfigPath, type PositionFinder } from './_yamlPositions.js';
import { didYouMean } from './didYouMean.js';

/** One thing wrong with a config, at a place in the file. */
export interface Problem {
  readonly position: SourcePosition;
  /** `<what> — <fix>`, without the position. */
  readonly message: string;
  /** The config path the problem is about, when known. */
  readonly path?: ConfigPath;
  /** Set when the problem is a `pipeline:` or `sinks:` name that nothing registered answers to. */
  readonly unknownPlugin?: { readonly kind: 'operator' | 'sink'; readonly name: string; readonly known: readonly string[]; readonly suggestion?: string | undefined };
}

export interface IssueContext {
  /** The schema that produced the issues: it tells which keys were allowed. */
  readonly schema: z.ZodType;
  readonly positionOf: PositionFinder;
  /** Where the validated value sits in the config. */
  readonly basePath: ConfigPath;
}

type Issue = z.core.$ZodIssue;

const EXPECTED: Record<string, string> = {
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  null: 'nothing (null)',
};

const expectedName = (expected: string) => EXPECTED[expected] ?? expected;

/** How a found value reads in a message; secret values are never shown. */
export function describeValue(value: unknown, secret = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (secret) return `a ${typeof value} (hidden: it is a secret)`;
  if (typeof value === 'string') {
    // Redacted before it is shortened: a cut URL loses the `@` that marks its password as one.
    const shown = redactUrlSecrets(value);
    return `"${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}"`;
  }
  return `${typeof value} ${String(value)}`;
}

const toPath = (path: readonly PropertyKey[]): (string | number)[] =>
  path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));

/** Turns zod issues into positioned problems with a fix for each. */
export function problemsFromIssues(issues: readonly Issue[], ctx: IssueContext, prefix: ConfigPath = []): Problem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, ctx, [...prefix, ...toPath(issue.path)]));
}

function problemsFromIssue(issue: Issue, ctx: IssueContext, relPath: (string | number)[]): Problem[] {
  const fullPath = [...ctx.basePath, ...relPath];
  const where = formatPath(fullPath);
  const secret = fullPath.some(isSecretKey);
  const at = (message: string, path: ConfigPath = fullPath, key = false): Problem => ({ position: ctx.positionOf(path, { key }), message, path });
  const found = describeValue(issue.input, secret);
  const list = relPath.length > 0 ? entryListAt(ctx.schema, relPath) : undefined;
  // A branch of an entry union whose name the entry does not have: only the entry's own name counts.
  if (issue.code === 'invalid_type' && issue.input === undefined && relPath.length > 1 && entryListAt(ctx.schema, relPath.slice(0, -1))) return [];
  const entryProblems = list ? problemsFromEntry(issue, list, ctx, relPath, where, at) : undefined;
  if (entryProblems) return entryProblems;

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(ctx.schema, relPath);
      const place = relPath.length || ctx.basePath.length ? where : 'the top level';
      return issue.keys.map((key) => {
        const suggestion = didYouMean(key, allowed);
        const fix = suggestion ? `Did you mean "${suggestion}"?` : allowed.length ? `Remove it; allowed keys are: ${allowed.join(', ')}.` : 'Remove it.';
        return at(`unknown key "${key}" in ${place}. ${fix}`, [...fullPath, key], true);
      });
    }
    case 'invalid_type': {
      const expected = expectedName(issue.expected);
      if (issue.input === undefined) {
        const key = fullPath[fullPath.length - 1];
        const parent = formatPath(fullPath.slice(0, -1));
        return [at(`missing required key "${String(key)}" in ${parent === '(top level)' ? 'the top level' : parent} — add it (${expected}).`)];
      }
      return [at(`${where}: expected ${expected}, found ${found} — write ${expected} here.`)];
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return [at(`${where}: expected one of ${values}, found ${found} — use one of those values.`)];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      // `.positive()` is "more than 0": an exclusive bound must not read as "at least 0".
      const exclusive = (issue as { inclusive?: boolean }).inclusive === false;
      const word = issue.code === 'too_small' ? (exclusive ? 'more than' : 'at least') : exclusive ? 'less than' : 'at most';
      const unit = issue.origin === 'array' || issue.origin === 'set' ? ' entries' : issue.origin === 'string' ? ' characters' : '';
      if (issue.code === 'too_small' && issue.origin === 'array' && fullPath.length === 1 && fullPath[0] === 'sinks') {
        return [at('sinks: the list is empty — add at least one sink, e.g. `- console: {}`.')];
      }
      return [at(`${where}: must be ${word} ${String(bound)}${unit}, found ${found} — change the value.`)];
    }
    case 'invalid_union':
      return problemsFromUnion(issue, ctx, relPath, where, found, at);
    case 'invalid_format':
      // A pattern's message is its schema's own words, saying what to write (and often quoting the value).
      if (issue.format === 'regex') return [at(`${where}: ${issue.message}${typeof issue.input === 'string' && issue.message.includes(issue.input) ? '' : `, found ${found}`}`)];
      return [at(`${where}: ${issue.message.replace(/^Invalid/, 'not a valid').replace(/\.$/, '')}, found ${found} — write a valid ${issue.format}.`)];
    default:
      return [at(`${where}: ${issue.message}`)];
  }
}

/**
 * A union failed. When the value had the right shape for one branch and only failed inside it, the
 * inner problems are the useful ones; otherwise say which shapes were accepted.
 */
function problemsFromUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  ctx: IssueContext,
  relPath: (string | number)[],
  where: string,
  found: string,
  at: (message: string) => Problem,
): Problem[] {
  const branches = issue.errors;
  const deep = branches.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
  if (deep) return problemsFromIssues(deep, ctx, relPath);
  const expected = new Set<string>();
  for (const branch of branches) {
    for (const inner of branch) {
      if (inner.path.length > 0) continue;
      if (inner.code === 'invalid_type') expected.add(expectedName(inner.expected));
      else if (inner.code === 'invalid_value') for (const v of inner.values) expected.add(JSON.stringify(v));
      else expected.add(inner.message);
    }
  }
  const list = [...expected];
  if (list.length === 0) return [at(`${where}: ${issue.message}`)];
  return [at(`${where}: expected ${list.join(' or ')}, found ${found} — write one of those.`)];
}

const entryListAt = (schema: z.ZodType, path: readonly (string | number)[]) => schemasAt(schema, path).map(entryListOf).find((l) => l !== undefined);

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A `pipeline:` or `sinks:` entry failed. Its union has one branch per registered name, so the
 * entry's own name says which branch's problems are the real ones; a name with no branch is an
 * unknown plugin, answered with "did you mean".
 */
function problemsFromEntry(
  issue: Issue,
  list: EntryList,
  ctx: IssueContext,
  relPath: (string | number)[],
  where: string,
  at: (message: string, path?: ConfigPath, key?: boolean) => Problem,
): Problem[] | undefined {
  const entry = issue.input;
  if (!isMapping(entry) || Object.keys(entry).length !== 1) {
    return [at(`${where}: each entry names exactly one ${list.kind} — write it as \`- ${list.example}\``)];
  }
  const name = Object.keys(entry)[0]!;
  const branch = list.names.indexOf(name);
  if (branch >= 0) {
    // When only one branch could apply, zod reports its issues directly: read them as they are.
    return issue.code === 'invalid_union' ? problemsFromIssues(issue.errors[branch] ?? [], ctx, relPath) : undefined;
  }
  const known = shownNames(list);
  const suggestion = didYouMean(name, known);
  const index = relPath[relPath.length - 1];
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  const message =
    list.kind === 'operator'
      ? `unknown operator "${name}" in pipeline[${String(index)}].${hint} Available operators: ${known.join(', ') || 'none'}.`
      : `unknown sink "${name}" in sinks[${String(index)}].${hint} Installed: ${known.join(', ') || 'none'}. A sink can also be a module path (./my-sink.js) or a package (gcstream-plugin-${name}).`;
  return [{ ...at(message, [...ctx.basePath, ...relPath, name], true), unknownPlugin: { kind: list.kind, name, known, suggestion } }];
}
