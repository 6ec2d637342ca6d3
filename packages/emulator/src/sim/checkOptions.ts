import { EmulatorUsageError } from '../errors.js';
import { MEDIA_KINDS, type ContactCenterOptions } from './options.js';

/**
 * Contact-center options often come from YAML or the command line, untyped: check their shape
 * here so a typo fails at start with a message that says what to write instead.
 */
export function checkOptions(options: ContactCenterOptions): void {
  const fail = (path: string, problem: string) => {
    throw new EmulatorUsageError(`contactCenter.${path}: ${problem}`, { option: `contactCenter.${path}` });
  };
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const nonNegative = (path: string, v: unknown) => {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) fail(path, `must be a number >= 0, got ${JSON.stringify(v)}`);
  };
  const count = (path: string, v: number) => {
    if (!Number.isInteger(v) || v < 0) fail(path, `must be a whole number >= 0, got ${v}`);
  };
  const mediaList = (path: string, v: unknown) => {
    if (v === undefined) return;
    if (!Array.isArray(v)) return fail(path, `must be a list of media types (${MEDIA_KINDS.join(', ')})`);
    for (const m of v) if (!MEDIA_KINDS.includes(m)) fail(path, `unknown media type ${JSON.stringify(m)}: use ${MEDIA_KINDS.join(', ')}`);
  };
  const mix = (path: string, v: unknown) => {
    if (v === undefined) return;
    if (!isRecord(v)) return fail(path, `must map media types to weights, e.g. { voice: 0.7, chat: 0.3 }`);
    for (const [k, w] of Object.entries(v)) {
      if (!MEDIA_KINDS.includes(k as never)) fail(`${path}.${k}`, `unknown media type: use ${MEDIA_KINDS.join(', ')}`);
      nonNegative(`${path}.${k}`, w);
    }
  };

  if (typeof options.seed !== 'number' || !Number.isFinite(options.seed)) fail('seed', `must be a number, got ${JSON.stringify(options.seed)}`);
  if (options.startTime !== undefined && !Number.isFinite(options.startTime)) fail('startTime', 'must be epoch milliseconds');
  nonNegative('warmupMs', options.warmupMs);
  mix('mediaMix', options.mediaMix);
  const rate = options.arrivalRatePerMinute;
  if (isRecord(rate)) for (const [k, v] of Object.entries(rate)) nonNegative(`arrivalRatePerMinute.${k}`, v);
  else nonNegative('arrivalRatePerMinute', rate);

  if (typeof options.queues === 'number') count('queues', options.queues);
  else if (options.queues !== undefined) {
    if (!Array.isArray(options.queues)) fail('queues', 'must be a count or a list of { name, mediaTypes?, arrivalRatePerMinute? }');
    options.queues.forEach((q, i) => {
      if (!isRecord(q) || typeof q.name !== 'string' || q.name === '') return fail(`queues[${i}]`, 'needs a name');
      mediaList(`queues[${i}].mediaTypes`, q.mediaTypes);
      mix(`queues[${i}].mediaMix`, q.mediaMix);
      nonNegative(`queues[${i}].arrivalRatePerMinute`, q.arrivalRatePerMinute);
    });
  }
  if (typeof options.agents === 'number') count('agents', options.agents);
  else if (options.agents !== undefined) {
    if (!Array.isArray(options.agents)) fail('agents', 'must be a count or a list of { name, queues?, skills? }');
    options.agents.forEach((a, i) => {
      if (!isRecord(a) || typeof a.name !== 'string' || a.name === '') return fail(`agents[${i}]`, 'needs a name');
      if (a.queues !== undefined && !Array.isArray(a.queues)) fail(`agents[${i}].queues`, 'must be a list of queue names or ids');
      if (a.skills !== undefined && !Array.isArray(a.skills)) fail(`agents[${i}].skills`, 'must be a list of skill names');
    });
  }
  if (options.timing !== undefined) {
    if (!isRecord(options.timing)) fail('timing', 'must be an object of durations in ms');
    for (const [k, v] of Object.entries(options.timing)) {
      if (isRecord(v)) for (const [m, ms] of Object.entries(v)) nonNegative(`timing.${k}.${m}`, ms);
      else nonNegative(`timing.${k}`, v);
    }
  }
  if (options.utilization !== undefined) {
    if (!isRecord(options.utilization)) fail('utilization', 'must map media types to how many an agent handles at once, e.g. { chat: 3 }');
    for (const [k, v] of Object.entries(options.utilization)) {
      if (!MEDIA_KINDS.includes(k as never)) fail(`utilization.${k}`, `unknown media type: use ${MEDIA_KINDS.join(', ')}`);
      if (!(Number.isInteger(v) && (v as number) >= 1)) fail(`utilization.${k}`, `must be a whole number >= 1, got ${JSON.stringify(v)}`);
    }
  }
  nonNegative('observationIntervalMs', options.observationIntervalMs);
  nonNegative('retentionMs', options.retentionMs);
}
