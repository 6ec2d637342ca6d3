/**
 * fast-check arbitraries for what reaches `decode`: raw frames, valid and broken, in WebSocket and
 * EventBridge form, plus decoded-event streams with duplicates for dedupe properties.
 */
import fc from 'fast-check';
import type { EventSource, GenesysEnvelope, GenesysEvent, RawFrame } from '@gcstream/core';
import { arbEpochMs, arbGenesysEnvelope, arbIsoTime, arbUuid } from './events.js';

export interface FrameOptions {
  /** The envelope arbitrary. @default arbGenesysEnvelope() */
  envelope?: fc.Arbitrary<GenesysEnvelope>;
  /** @default 'websocket' */
  source?: EventSource;
}

const arbChannelId = () => fc.stringMatching(/^[a-z0-9]{26}$/);

/** Wraps an envelope as Genesys delivers it to an EventBridge partner event bus. */
export function toEventBridgeEvent(env: GenesysEnvelope, options: { orgId?: string; id?: string; time?: string } = {}): Record<string, unknown> {
  const time = options.time ?? new Date(Date.UTC(2025, 0, 1)).toISOString();
  return {
    version: '0',
    id: options.id ?? '00000000-0000-4000-8000-000000000000',
    'detail-type': env.topicName,
    source: `aws.partner/genesys.com/cloud/${options.orgId ?? 'org'}/gcstream`,
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: [],
    detail: { ...env, timestamp: time },
  };
}

/** A valid frame carrying a notification of a known family. */
export function arbGenesysFrame(options: FrameOptions = {}): fc.Arbitrary<RawFrame> {
  const source = options.source ?? 'websocket';
  return fc
    .record({ env: options.envelope ?? arbGenesysEnvelope(), channelId: arbChannelId(), receivedAt: arbEpochMs(), ebId: arbUuid(), time: arbIsoTime() })
    .map(({ env, channelId, receivedAt, ebId, time }) => ({
      data: JSON.stringify(source === 'eventbridge' ? toEventBridgeEvent(env, { id: ebId, time }) : env),
      channelId,
      receivedAt,
      source,
    }));
}

/** Truncates, deletes a field, swaps a value's type, or injects junk: frames that may not decode. */
export function arbMutatedFrame(): fc.Arbitrary<RawFrame> {
  const mutate = fc.oneof(
    fc.nat().map((n) => (text: string) => text.slice(0, n % (text.length + 1))),
    fc.constantFrom('topicName', 'eventBody', 'participants', 'eventTime', 'conversationId', 'id', 'metadata', 'data', 'group', 'routingStatus', 'presenceDefinition').map(
      (field) => (text: string) => text.replace(new RegExp(`"${field}":`), `"${field}_gone":`),
    ),
    fc.jsonValue().map((value) => (text: string) => text.replace(/:("[^"]*"|-?\d+(?:\.\d+)?|true|false|null)/, () => `:${JSON.stringify(value) ?? 'null'}`)),
    fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([at, junk]) => (text: string) => text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1))),
  );
  return fc.tuple(arbGenesysFrame({ source: undefined }), mutate).map(([frame, fn]) => ({ ...frame, data: fn(frame.data) }));
}

/** Any text at all: unicode strings, arbitrary JSON, and JSON shaped almost like an envelope. */
export function arbAnyFrameText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.json(),
    fc.jsonValue().map((body) => JSON.stringify({ topicName: 'v2.users.00000000-0000-4000-8000-000000000001.presence', eventBody: body })),
    fc.jsonValue().map((detail) => JSON.stringify({ source: 'aws.partner/genesys.com/cloud/x/y', detail })),
    arbMutatedFrame().map((f) => f.data),
  );
}

/** A minimal decoded event for operator tests: only the fields dedupe and friends read. */
export function makeEvent(key: string, overrides: Partial<GenesysEvent> = {}): GenesysEvent {
  return {
    topicName: 'v2.test',
    version: '2',
    eventBody: {},
    metadata: {},
    topic: 'v2.test',
    family: 'unknown',
    ids: [],
    eventTime: 0,
    receivedAt: 0,
    source: 'websocket',
    key,
    ...overrides,
  };
}

/** A stream of events drawn from a small pool of keys, so duplicates are common. */
export function arbEventStreamWithDuplicates(options: { maxLength?: number; keys?: number } = {}): fc.Arbitrary<GenesysEvent[]> {
  const keys = options.keys ?? 8;
  return fc
    .array(fc.tuple(fc.nat(keys - 1), fc.nat(1000)), { maxLength: options.maxLength ?? 60 })
    .map((pairs) => pairs.map(([k, n], i) => makeEvent(`k${k}`, { receivedAt: i, eventTime: n })));
}
