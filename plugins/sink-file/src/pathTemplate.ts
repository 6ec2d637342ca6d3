import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import type { GenesysEvent } from '@gcstream/core';
import { cachePaths, type PathField } from './_pathCache.js';

/** The placeholders a `path` template may use. */
export const PATH_PLACEHOLDERS = ['date', 'hour', 'family', 'topic', 'id'] as const;
type Placeholder = (typeof PATH_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * What is wrong with a `path` template, or undefined when it is usable. Checked by the options
 * schema, so a path that would leave `dir` is a config error before anything runs.
 */
export function pathTemplateProblem(template: string): string | undefined {
  if (template.trim() === '') return 'path is empty; give a file name such as events-{date}.ndjson';
  if (isAbsolute(template) || /^[A-Za-z]:/.test(template)) return `path "${template}" is absolute; it must be relative to dir (set dir to choose the folder)`;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!(PATH_PLACEHOLDERS as readonly string[]).includes(match[1]!)) {
      return `path "${template}" uses {${match[1]}}; the placeholders are ${PATH_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
    }
  }
  const segments = template.split(/[\\/]/);
  if (segments.includes('..')) return `path "${template}" escapes dir through ".."; keep every file inside dir (set dir to choose the folder)`;
  if (template.endsWith('/') || template.endsWith('\\') || segments.at(-1) === '.') return `path "${template}" names a folder; end it with a file name such as {family}.ndjson`;
  return undefined;
}

/**
 * A placeholder value made safe to be one path segment: anything but letters, digits, `.`, `_`, `-`
 * becomes `_`, and a value of only dots is replaced, so a topic such as `../x` or `a/b` can never
 * climb out of or add folders to `dir`.
 */
export function safeSegment(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]/g, '_');
  return cleaned === '' || /^\.+$/.test(cleaned) ? '_'.repeat(Math.max(cleaned.length, 1)) : cleaned;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

export interface PathTemplate {
  /** The file for an event, relative to `dir`; built once per distinct path and hour, then remembered. */
  render(event: GenesysEvent): string;
  /**
   * The rendered path with `{date}` and `{hour}` left as they are: the files of one group follow
   * each other in time, so a new path in a group means its previous file is complete.
   */
  group(event: GenesysEvent): string;
  /** Whether the rendered path depends on the event at all (otherwise one file for everything). */
  readonly constant: boolean;
  /**
   * Start of the hour (with `{hour}`) or UTC day (with `{date}` only) that `now` falls in: files
   * last written before it belong to a period that is over. Undefined without time placeholders.
   */
  periodStart(now: number): number | undefined;
}

/**
 * Compiles a checked template. `{date}` (YYYY-MM-DD) and `{hour}` (HH) are the UTC time the event
 * was received, so files roll over in the order events arrive and an old event from a backfill
 * lands in the current file instead of reopening one that was already rotated and compressed.
 */
export function compilePathTemplate(template: string): PathTemplate {
  const parts: Array<string | Placeholder> = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index));
    parts.push(match[1] as Placeholder);
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  const literals = parts.filter((_, i) => i % 2 === 0) as string[];
  const names = parts.filter((_, i) => i % 2 === 1) as Placeholder[];
  // Events arrive in time order, so the last hour's texts serve almost every event.
  let hourStart = Number.NaN;
  let dateText = '';
  let hourText = '';
  const clock = (receivedAt: number) => {
    const start = Math.floor(receivedAt / 3_600_000) * 3_600_000;
    if (start !== hourStart) {
      const d = new Date(start);
      dateText = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      hourText = pad(d.getUTCHours());
      hourStart = start;
    }
  };
  const value = (name: Placeholder, event: GenesysEvent): string => {
    switch (name) {
      case 'date':
        clock(event.receivedAt);
        return dateText;
      case 'hour':
        clock(event.receivedAt);
        return hourText;
      case 'family':
        return safeSegment(event.family);
      case 'topic':
        return safeSegment(event.topic);
      case 'id':
        // The first id of the topic name: one file per conversation for transcripts and records.
        return safeSegment(event.ids[0] ?? '_');
    }
  };
  const fill = (event: GenesysEvent, timeless: boolean) => {
    let out = '';
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      out += literals[i]! + (timeless && (name === 'date' || name === 'hour') ? `{${name}}` : value(name, event));
    }
    return out + tail;
  };
  const fields = [...new Set(names.filter((name): name is PathField => name !== 'date' && name !== 'hour'))];
  return {
    constant: names.length === 0,
    render: cachePaths(fields, names.includes('date') || names.includes('hour'), (event) => fill(event, false)),
    periodStart(now) {
      const period = names.includes('hour') ? 3_600_000 : names.includes('date') ? 86_400_000 : undefined;
      return period === undefined ? undefined : Math.floor(now / period) * period;
    },
    group: (event) => fill(event, true),
  };
}

/**
 * The absolute file for a rendered path, or undefined when it would leave `dir`: the schema and
 * `safeSegment` already rule that out, this is the last check before a file is opened.
 */
export function confine(dir: string, rendered: string): string | undefined {
  const full = resolve(dir, normalize(rendered));
  const rel = relative(dir, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return full;
}

const SEGMENT_VALUE: Record<Placeholder, string> = {
  date: String.raw`\d{4}-\d{2}-\d{2}`,
  hour: String.raw`\d{2}`,
  family: '[A-Za-z0-9_-]+',
  topic: '[A-Za-z0-9._-]+',
  id: '[A-Za-z0-9._-]+',
};

/**
 * One RegExp per folder level of a checked template, matching the names that rendering can
 * produce there: how files of earlier runs are found without walking anything else in `dir`.
 */
export function templateSegments(template: string): RegExp[] {
  return template.split(/[\\/]/).map((segment) => {
    let source = '';
    let last = 0;
    for (const match of segment.matchAll(PLACEHOLDER)) {
      source += escapeRegExp(segment.slice(last, match.index)) + SEGMENT_VALUE[match[1] as Placeholder];
      last = match.index + match[0].length;
    }
    return new RegExp(`^${source}${escapeRegExp(segment.slice(last))}$`);
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
