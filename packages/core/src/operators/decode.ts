import { Observable, type OperatorFunction } from 'rxjs';
import type { DeadLetter, EventSource, GenesysEvent, RawFrame } from '../model/events.js';
import type { Metrics } from '../metrics/metrics.js';
import type { OperatorContext } from './registry.js';
import { decodedTopic } from '../model/topics.js';
import { eventKey } from '../model/eventKey.js';
import { compiledFamilyBodySchemas } from '../model/schemas/families.js';
import { bodyEventTime, toEpochMs } from '../model/schemas/eventTime.js';
import { checkedBodyEventTime } from '../model/schemas/guards.js';
import { keepFrameText, plainEnvelope } from '../model/bodyText.js';

export interface DecodeOptions {
  /** Receives every frame that is not JSON or does not fit its family's schema. */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Counts `gcstream_events_decoded_total{family}` and `gcstream_dead_letters_total{stage="decode"}`. */
  metrics?: Metrics;
  /**
   * Pass system frames (heartbeats, pongs, `v2.system.*`) downstream instead of dropping them.
   * The source acts on them itself; pipelines rarely want them. @default false
   */
  keepSystem?: boolean;
  /**
   * Count dead letters into `metrics`. Off when `onDeadLetter` already counts them (the pipeline
   * runner's dead-letter office does). @default true
   */
  countDeadLetters?: boolean;
  /**
   * Remember each body's arrival text, so sinks write it instead of serializing the body again
   * (see `model/bodyText.ts`): about 0.3 µs a frame here against ~4 µs of `JSON.stringify` per
   * kilobyte saved in every sink that writes JSON. The pipeline runner turns it on. @default false
   */
  keepBodyText?: boolean;
}

/** EventBridge events from Genesys carry a `source` of `aws.partner/genesys.com/cloud/<org>/<name>`. */
export const GENESYS_EVENTBRIDGE_SOURCE_PREFIX = 'aws.partner/genesys.com';

const EMPTY_METADATA: GenesysEvent['metadata'] = Object.freeze({});

export function isDeadLetter(value: GenesysEvent | DeadLetter): value is DeadLetter {
  return (value as { topicName?: unknown }).topicName === undefined && typeof (value as DeadLetter).reason === 'string';
}

function deadLetter(frame: RawFrame, reason: string): DeadLetter {
  return { stage: 'decode', reason, payload: frame.data, at: Date.now() };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? `eventBody.${issue.path.map(String).join('.')}` : 'eventBody'}: ${issue.message}`)
    .join('; ');
}

/**
 * Decodes one frame: the WebSocket envelope, or an EventBridge event whose `detail` is one.
 * Never throws: a frame that cannot be decoded comes back as a `DeadLetter` with the reason.
 * System frames come back as events of family `system`; `decode` drops them.
 */
export function decodeFrame(frame: RawFrame, keepBodyText = false): GenesysEvent | DeadLetter {
  let parsed = frame.parsed;
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(frame.data);
    } catch (error) {
      return deadLetter(frame, `frame is not JSON (${(error as Error).message})`);
    }
  }
  if (!isObject(parsed)) return deadLetter(frame, `frame is JSON but not an object (got ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed})`);

  let envelope = parsed;
  let wrapperTime: unknown;
  let unwrapped = false;
  if (typeof parsed.topicName !== 'string' && isObject(parsed.detail)) {
    const ebSource = parsed.source;
    if (typeof ebSource === 'string' && !ebSource.startsWith(GENESYS_EVENTBRIDGE_SOURCE_PREFIX)) {
      return deadLetter(frame, `EventBridge event from "${ebSource}" is not from Genesys Cloud (source must start with ${GENESYS_EVENTBRIDGE_SOURCE_PREFIX}); route only the Genesys partner event bus here`);
    }
    envelope = parsed.detail;
    wrapperTime = envelope.timestamp ?? parsed.time;
    unwrapped = true;
  }

  const topicName = envelope.topicName;
  if (typeof topicName !== 'string' || topicName.length === 0) {
    return deadLetter(frame, unwrapped ? 'EventBridge event has no detail.topicName' : 'frame has no topicName: it is not a Genesys notification');
  }
  const decodedAs = decodedTopic(topicName);
  const { topic, family, ids } = decodedAs.classification;
  const eventBody = envelope.eventBody;
  if (eventBody === undefined && family !== 'system') {
    return deadLetter(frame, `notification on ${topicName} has no eventBody`);
  }
  const receivedAt = frame.receivedAt;
  const schema = compiledFamilyBodySchemas[family];
  // The fast guard and the body's time in one walk; when the guard cannot vouch, the schema decides.
  let bodyTime = schema === undefined ? bodyEventTime(family, eventBody, receivedAt) : checkedBodyEventTime(family, eventBody, receivedAt);
  if (bodyTime === null) {
    const result = schema!.safeParse(eventBody);
    if (!result.success) return deadLetter(frame, `${family} event on ${topicName} does not fit its schema: ${describeIssues(result.error)}`);
    bodyTime = bodyEventTime(family, eventBody, receivedAt);
  }

  const metadata = isObject(envelope.metadata) ? (envelope.metadata as GenesysEvent['metadata']) : EMPTY_METADATA;
  const version = typeof envelope.version === 'string' ? envelope.version : envelope.version === undefined ? '' : String(envelope.version);
  const source: EventSource = frame.source ?? (unwrapped ? 'eventbridge' : 'websocket');
  const eventTime = bodyTime ?? toEpochMs(wrapperTime) ?? receivedAt;
  // bodyText.ts's decodedMembersJson writes the members after metadata by name, in this order.
  const event: GenesysEvent = {
    topicName,
    version,
    eventBody,
    metadata,
    topic,
    family,
    ids,
    eventTime,
    receivedAt,
    source,
    key: eventKey(topicName, metadata.CorrelationId, eventBody, decodedAs.afterTopic),
    channelId: frame.channelId,
  };
  // Sinks write the body as it arrived rather than serializing it again (see bodyText.ts).
  if (keepBodyText && frame.parsed === undefined && !unwrapped && typeof eventBody === 'object' && eventBody !== null && plainEnvelope(envelope)) keepFrameText(eventBody, frame.data, event);
  return event;
}

const DEAD_LETTER_LABELS = Object.freeze({ stage: 'decode' });
const familyLabels = new Map<string, Readonly<Record<string, string>>>();
function labelsFor(family: string): Readonly<Record<string, string>> {
  let labels = familyLabels.get(family);
  if (labels === undefined) familyLabels.set(family, (labels = Object.freeze({ family })));
  return labels;
}

/**
 * Turns raw frames into typed `GenesysEvent`s. Bad frames go to `onDeadLetter` with the reason
 * and the raw text; the stream never errors because of a frame's content.
 */
export function decode(options: DecodeOptions = {}): OperatorFunction<RawFrame, GenesysEvent> {
  const { onDeadLetter, metrics, keepSystem = false, countDeadLetters = true, keepBodyText = false } = options;
  return (source) =>
    new Observable<GenesysEvent>((subscriber) =>
      source.subscribe({
        next(frame) {
          let out: GenesysEvent | DeadLetter;
          try {
            out = decodeFrame(frame, keepBodyText);
          } catch (error) {
            // decodeFrame is written not to throw; this guards a frame that is not even a RawFrame.
            out = { stage: 'decode', reason: `cannot decode frame: ${(error as Error)?.message ?? String(error)}`, payload: (frame as RawFrame | undefined)?.data, at: Date.now() };
          }
          if (isDeadLetter(out)) {
            if (countDeadLetters) metrics?.inc('gcstream_dead_letters_total', DEAD_LETTER_LABELS);
            if (onDeadLetter !== undefined) {
              try {
                onDeadLetter(out);
              } catch {
                metrics?.inc('gcstream_dead_letter_handler_errors_total', DEAD_LETTER_LABELS);
              }
            }
            return;
          }
          if (out.family === 'system' && !keepSystem) return;
          metrics?.inc('gcstream_events_decoded_total', labelsFor(out.family));
          subscriber.next(out);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}

/**
 * The decode stage as the pipeline runner builds it: dead letters go to the runner's dead-letter
 * office (which counts them), decoded events are counted by family.
 */
export const decodeStage = {
  name: 'decode',
  create: (ctx: Pick<OperatorContext, 'metrics' | 'deadLetter'>): OperatorFunction<RawFrame, GenesysEvent> =>
    decode({ onDeadLetter: ctx.deadLetter, metrics: ctx.metrics, countDeadLetters: false, keepBodyText: true }),
};
