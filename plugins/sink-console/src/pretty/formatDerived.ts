import type { GenesysEvent } from '@gcstream/core';
import type { NameLookup } from './conversationView.js';
import { clock, shortId, type Paint } from './style.js';

/*
 * The events gcstream's own operators make (topics under `gcstream.`): queue metrics and their
 * breaches, conversation records and window results. Read loosely, as the Genesys bodies are: a
 * replay or a plugin may hand the console a body of another shape, and it still gets a line.
 */

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);

/** `850ms`, `12s`, `4m05s`, `1h02m`: durations as a supervisor reads them. */
export function span(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

/** The kinds of gcstream's own records, as the family column shows them. */
export type DerivedKind = 'metrics' | 'breach' | 'record' | 'window';

/** Which of gcstream's own records an event is, by its topic; undefined for any other event. */
export function derivedKind(event: GenesysEvent): DerivedKind | undefined {
  const t = event.topic;
  if (t === 'gcstream.queues.{id}.metrics') return 'metrics';
  if (t === 'gcstream.queues.{id}.breach') return 'breach';
  if (t.startsWith('gcstream.conversations.')) return 'record';
  if (t.startsWith('gcstream.window.')) return 'window';
  return undefined;
}

export interface DerivedContext {
  readonly names: NameLookup;
  readonly paint: Paint;
  readonly timeZone: 'local' | 'utc';
}

/** The line's text (after time and family) for one of gcstream's own records, of the kind `derivedKind` found. */
export function formatDerived(kind: DerivedKind, event: GenesysEvent, context: DerivedContext): string {
  const body = obj(event.eventBody);
  switch (kind) {
    case 'metrics':
      return queueMetricsLine(body, context);
    case 'breach':
      return breachLine(body, context);
    case 'record':
      return conversationRecordLine(body, context);
    case 'window':
      return windowLine(body, context);
  }
}

const queueOf = ({ names }: DerivedContext, id: string | undefined) => (id ? (names.queueName(id) ?? `queue ${shortId(id)}`) : 'queue ?');

/**
 * `Sales voice  09:30-10:00  offered 26 · answered 24 · abandoned 2 (7.7%) · SL 76.9% (20/26, target 80%) · ASA 12s · AHT 4m05s · now waiting 3 (longest 45s), interacting 5`
 */
function queueMetricsLine(r: Json, context: DerivedContext): string {
  const { paint, timeZone } = context;
  const period = r.period === 'today' ? 'today' : `${clock(num(r.start) ?? 0, timeZone).slice(0, 5)}-${clock(num(r.end) ?? 0, timeZone).slice(0, 5)}`;
  const parts: string[] = [`offered ${num(r.nOffered) ?? 0}`, `answered ${num(r.nAnswered) ?? 0}`];
  const abandoned = num(r.nAbandoned) ?? 0;
  const abandonRate = num(r.abandonRate);
  parts.push(`abandoned ${abandoned}${abandonRate !== undefined ? ` (${percent(abandonRate)})` : ''}`);
  const sl = obj(r.serviceLevel);
  const ratio = num(sl.ratio);
  if (ratio !== undefined) {
    const target = num(sl.target);
    const text = `SL ${percent(ratio)} (${num(sl.numerator) ?? 0}/${num(sl.denominator) ?? 0}${target !== undefined ? `, target ${percent(target)}` : ''})`;
    parts.push(target !== undefined && ratio < target ? paint('red', text) : text);
  }
  const asa = num(r.asaMs);
  if (asa !== undefined) parts.push(`ASA ${span(asa)}`);
  const aht = num(r.ahtMs);
  if (aht !== undefined) parts.push(`AHT ${span(aht)}`);
  const live = obj(r.live);
  const waiting = num(live.waiting);
  if (r.period !== 'today' && waiting !== undefined) {
    const longest = num(live.longestWaitMs);
    parts.push(`now waiting ${waiting}${waiting > 0 && longest !== undefined ? ` (longest ${span(longest)})` : ''}, interacting ${num(live.interacting) ?? 0}`);
  }
  return [paint(['bold', 'magenta'], queueOf(context, str(r.queueId))), str(r.mediaType), paint('dim', period), parts.join(' · ')].filter(Boolean).join('  ');
}

const BREACH_METRICS: Readonly<Record<string, { readonly name: string; readonly show: (v: number) => string; readonly above: boolean }>> = {
  serviceLevelBelow: { name: 'service level', show: percent, above: false },
  abandonRateAbove: { name: 'abandon rate', show: percent, above: true },
  longestWaitAbove: { name: 'longest wait', show: span, above: true },
  waitingAbove: { name: 'waiting', show: String, above: true },
  asaAbove: { name: 'ASA', show: span, above: true },
};

/** `BREACH  Sales voice  service level 62.5% below 80%`, or `recovered ...` in green. */
function breachLine(b: Json, context: DerivedContext): string {
  const { paint } = context;
  const metric = str(b.metric) ?? '?';
  const known = BREACH_METRICS[metric] ?? { name: metric, show: String, above: true };
  const value = num(b.value);
  const threshold = num(b.threshold);
  const breach = b.state === 'breach';
  const state = breach ? paint(['bold', 'red'], 'BREACH') : paint('green', 'recovered');
  const comparison = threshold === undefined ? '' : ` ${breach === known.above ? 'above' : 'below'} ${known.show(threshold)}`;
  return [state, paint(['bold', 'magenta'], queueOf(context, str(b.queueId))), str(b.mediaType), `${known.name} ${value === undefined ? '?' : known.show(value)}${comparison}`].filter(Boolean).join('  ');
}

/**
 * `conv 3f2a9c1e…  final  Sales voice answered in 12s, handle 4m05s (talk 3m00s, hold 10s, ACW 55s)`;
 * a snapshot shows the same for the visits known so far.
 */
function conversationRecordLine(r: Json, context: DerivedContext): string {
  const { paint } = context;
  const kind = r.kind === 'final' ? (r.stale === true ? 'final (stale)' : 'final') : 'snapshot';
  const visits = list(r.visits).map((v) => {
    const outcome = str(v.outcome);
    const after = num(outcome === 'answered' ? v.tAnswered : outcome === 'abandoned' ? v.tAbandon : v.tFlowOut);
    const what = outcome === undefined ? 'waiting' : outcome === 'flowOut' ? 'flowed out' : outcome;
    let text = `${queueOf(context, str(v.queueId))} ${str(v.mediaType) ?? ''} ${what}${after !== undefined ? ` after ${span(after)}` : ''}`;
    const handle = num(v.tHandle);
    if (handle !== undefined) {
      const pieces = [['talk', v.tTalk], ['hold', v.tHeld], ['ACW', v.tAcw]].flatMap(([name, ms]) => (num(ms) ? [`${name as string} ${span(ms as number)}`] : []));
      text += `, handle ${span(handle)}${pieces.length ? ` (${pieces.join(', ')})` : ''}`;
    }
    return text;
  });
  const transfers = num(r.transfers) ?? 0;
  return [paint('dim', `conv ${shortId(str(r.conversationId))}`), paint('bold', kind), visits.join(' → ') || paint('dim', 'no queue visit'), transfers > 0 ? `${transfers} transfer${transfers === 1 ? '' : 's'}` : undefined]
    .filter(Boolean)
    .join('  ');
}

/** `tumbling 09:30-09:45  Sales  conversations 5 · p90Handle 245000` (a group that is a known queue id shows its name). */
function windowLine(w: Json, context: DerivedContext): string {
  const { paint, timeZone } = context;
  const range = `${clock(num(w.start) ?? 0, timeZone)}-${clock(num(w.end) ?? 0, timeZone)}`;
  const group = Object.values(obj(w.group)).map((value) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return (typeof value === 'string' && context.names.queueName(value)) || text;
  });
  const values = Object.entries(obj(w.values)).map(([name, value]) => `${name} ${typeof value === 'number' ? Math.round(value * 100) / 100 : '-'}`);
  const reason = w.final === false ? paint('dim', '(early)') : w.reason === 'late' ? paint('dim', '(late update)') : undefined;
  return [paint('bold', `${str(w.type) ?? 'window'} ${range}`), group.length ? paint('magenta', group.join(' / ')) : undefined, values.join(' · '), reason].filter(Boolean).join('  ');
}
