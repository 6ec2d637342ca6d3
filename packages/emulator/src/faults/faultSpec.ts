import { emulatorErrors } from '../errors.js';

/**
 * The fault spec: `name[:key=value[,key=value...]]`, several faults separated by commas, e.g.
 * `drop-sockets:every=15s,socket-closing:every=20s,429:count=5,delay:by=200ms,rate=0.1`.
 * A comma-separated item with a `:` or without `=` starts a new fault; a bare `key=value` item adds
 * to the fault before it. Durations need a unit: `ms`, `s`, `m` or `h`.
 */
export const FAULT_KINDS = {
  'drop-sockets': ['at', 'every'],
  silent: ['at', 'every', 'for'],
  'socket-closing': ['at', 'every'],
  'expire-channels': ['at', 'every'],
  'evict-channels': ['at', 'every'],
  'revoke-tokens': ['at', 'every'],
  '429': ['at', 'every', 'count', 'retry-after'],
  'token-429': ['at', 'every', 'count', 'retry-after'],
  duplicate: ['rate', 'for'],
  delay: ['rate', 'by', 'for'],
  reorder: ['rate', 'for'],
  malformed: ['at', 'every', 'count', 'rate', 'for'],
} as const satisfies Record<string, readonly string[]>;

export type FaultKind = keyof typeof FAULT_KINDS;

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Wall ms after the fault is applied at which it first fires. @default 0 */
  readonly atMs?: number;
  /** Wall ms between repeats; once when absent. */
  readonly everyMs?: number;
  /** How long a state fault (silent, frame faults) lasts, wall ms; until cleared when absent. */
  readonly forMs?: number;
  /** Requests answered with 429, or malformed frames sent per socket. */
  readonly count?: number;
  /** Probability per frame, 0..1. */
  readonly rate?: number;
  /** Delay for `delay` frames, wall ms. */
  readonly byMs?: number;
  /** `Retry-After` seconds for 429 faults. */
  readonly retryAfterSec?: number;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

function parseDuration(spec: string, key: string, value: string): number {
  const m = DURATION.exec(value);
  if (!m) throw emulatorErrors.faultSpec(spec, `${key}=${value} is not a duration; write it with a unit, e.g. ${key}=15s or ${key}=500ms`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

function parseNumber(spec: string, key: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw emulatorErrors.faultSpec(spec, `${key}=${value} must be a number from ${min} to ${max}`);
  }
  return n;
}

function buildFault(spec: string, kind: string, pairs: readonly [string, string][]): FaultSpec {
  if (!(kind in FAULT_KINDS)) {
    throw emulatorErrors.faultSpec(spec, `unknown fault "${kind}"; known faults: ${Object.keys(FAULT_KINDS).join(', ')}`);
  }
  const allowed: readonly string[] = FAULT_KINDS[kind as FaultKind];
  const fault: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { kind: kind as FaultKind };
  for (const [key, value] of pairs) {
    if (!allowed.includes(key)) throw emulatorErrors.faultSpec(spec, `"${kind}" takes ${allowed.join(', ')}, not "${key}"`);
    if (key === 'at') fault.atMs = parseDuration(spec, key, value);
    else if (key === 'every') fault.everyMs = parseDuration(spec, key, value);
    else if (key === 'for') fault.forMs = parseDuration(spec, key, value);
    else if (key === 'by') fault.byMs = parseDuration(spec, key, value);
    else if (key === 'retry-after') fault.retryAfterSec = Math.max(1, Math.ceil(parseDuration(spec, key, value) / 1000));
    else if (key === 'count') fault.count = Math.round(parseNumber(spec, key, value, 1, 1_000_000));
    else if (key === 'rate') fault.rate = parseNumber(spec, key, value, 0, 1);
  }
  if (fault.everyMs !== undefined && fault.everyMs < 10) throw emulatorErrors.faultSpec(spec, `every must be at least 10ms`);
  return fault;
}

/** Parses one or more fault spec strings (the CLI passes each `--faults` value through). */
export function parseFaultSpec(input: string | readonly string[]): FaultSpec[] {
  const specs = typeof input === 'string' ? [input] : input;
  const faults: FaultSpec[] = [];
  for (const spec of specs) {
    let current: { kind: string; pairs: [string, string][] } | undefined;
    const flush = () => current && faults.push(buildFault(spec, current.kind, current.pairs));
    for (const raw of spec.split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const colon = item.indexOf(':');
      if (colon >= 0 || !item.includes('=')) {
        flush();
        const kind = colon >= 0 ? item.slice(0, colon).trim() : item;
        current = { kind, pairs: [] };
        if (colon >= 0) current.pairs.push(splitPair(spec, item.slice(colon + 1)));
      } else {
        if (!current) throw emulatorErrors.faultSpec(spec, `"${item}" comes before any fault name`);
        current.pairs.push(splitPair(spec, item));
      }
    }
    flush();
  }
  return faults;
}

function splitPair(spec: string, text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw emulatorErrors.faultSpec(spec, `"${text}" is not key=value`);
  return [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
}
