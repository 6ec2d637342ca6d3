/**
 * Subjects built from event fields. NATS splits subjects on `.` and treats `*`, `>` and whitespace
 * as wildcards or separators, so a value taken from an event becomes exactly one token: anything
 * outside letters, digits, `_` and `-` is replaced by `_`. Event content can then never add a
 * token, make a wildcard, or publish outside the stream's subjects.
 */

import { FIELD_PATH, fieldPath } from '@gcstream/core';

const LITERAL = /^[A-Za-z0-9_-]*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

type Part = { literal: string } | { read: (record: unknown) => unknown };

/** One subject token from any value; never empty, never a wildcard or a separator. */
export function toSubjectToken(value: unknown): string {
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const token = text.replace(/[^A-Za-z0-9_-]/g, '_');
  return token === '' ? '_' : token;
}

/** The template's tokens: split on the dots outside `{...}` (placeholders hold dotted paths). */
function splitTokens(template: string): string[] {
  const tokens: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '.' && depth === 0) {
      tokens.push(template.slice(start, i));
      start = i + 1;
    }
  }
  tokens.push(template.slice(start));
  return tokens;
}

/** Why a template cannot be used, or undefined when it can. */
export function subjectTemplateProblem(template: string): string | undefined {
  const tokens = splitTokens(template);
  for (const token of tokens) {
    if (token === '') return 'a subject has no empty tokens (no leading, trailing or double dots)';
    for (const match of token.matchAll(PLACEHOLDER)) if (!FIELD_PATH.test(match[1]!)) return `{${match[1]}} is not a field path (like {family} or {eventBody.queueId})`;
    if (!LITERAL.test(token.replace(PLACEHOLDER, ''))) return `"${token}" may hold only letters, digits, _, - and {field} placeholders (no *, > or spaces)`;
  }
  return undefined;
}

function parseToken(token: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of token.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ literal: token.slice(last, match.index) });
    parts.push({ read: fieldPath(match[1]!) });
    last = match.index + match[0].length;
  }
  if (last < token.length) parts.push({ literal: token.slice(last) });
  return parts;
}

export interface SubjectTemplate {
  /** The subject of one event. */
  subjectOf(record: unknown): string;
  /** The stream subject filter that captures every subject the template makes: `gcstream.*.*`. */
  readonly filter: string;
}

export function compileSubjectTemplate(template: string): SubjectTemplate {
  const problem = subjectTemplateProblem(template);
  if (problem) throw new Error(`invalid subject template "${template}": ${problem}`);
  const tokens = splitTokens(template).map(parseToken);
  const filter = tokens.map((parts) => (parts.every((p) => 'literal' in p) ? parts.map((p) => (p as { literal: string }).literal).join('') : '*')).join('.');
  return {
    filter,
    subjectOf(record) {
      let subject = '';
      for (let t = 0; t < tokens.length; t++) {
        if (t > 0) subject += '.';
        let token = '';
        for (const part of tokens[t]!) token += 'literal' in part ? part.literal : toSubjectToken(part.read(record));
        subject += token;
      }
      return subject;
    },
  };
}
