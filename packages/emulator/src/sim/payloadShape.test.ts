import { describe, expect, it } from 'vitest';
import { createContactCenter } from './contactCenter.js';
import { createManualClock } from './manualClock.js';
import type { SimNotification } from './types.js';

/**
 * Every payload against the field lists of genesys-protocol.md: the client's decoders are written
 * from the same lists, so a drift here would be a drift between gcstream and its emulator.
 */

type Body = Record<string, any>;
const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const CONVERSATION_KEYS = ['id', 'maxParticipants', 'participants', 'recordingState', 'divisions'];
const PARTICIPANT_KEYS = [
  'id', 'connectedTime', 'endTime', 'userId', 'queueId', 'name', 'purpose', 'address', 'wrapupRequired', 'wrapupExpected',
  'wrapup', 'startAcwTime', 'endAcwTime', 'conversationRoutingData', 'alertingTimeoutMs', 'attributes',
  'calls', 'callbacks', 'chats', 'emails', 'messages', 'videos',
];
const MEDIA_ARRAYS = ['calls', 'callbacks', 'chats', 'emails', 'messages', 'videos'];
const MEDIA_STATES = ['alerting', 'dialing', 'contacting', 'offering', 'connected', 'disconnected', 'terminated', 'none'];
const DISCONNECT_TYPES = ['endpoint', 'client', 'system', 'timeout', 'transfer', 'error', 'peer', 'other'];
const PURPOSES = ['customer', 'external', 'acd', 'agent', 'user', 'ivr', 'workflow', 'voicemail'];
const DETAIL_KINDS = [
  'acd.start', 'acd.end', 'user.start', 'user.end', 'customer.start', 'customer.end', 'acw', 'wrapup', 'flow.start', 'flow.end',
  'attributes', 'contact', 'voicemail.start', 'voicemail.end', 'outbound',
];
const TRANSCRIPTION_KEYS = ['eventTime', 'organizationId', 'conversationId', 'communicationId', 'sessionStartTimeMs', 'transcriptionStartTimeMs', 'transcripts', 'status'];

const TOPICS: [string, RegExp][] = [
  ['queue-conversation', new RegExp(`^v2\\.routing\\.queues\\.${UUID}\\.conversations(\\.(calls|chats|messages|emails|callbacks))?$`)],
  ['user-conversation', new RegExp(`^v2\\.users\\.${UUID}\\.conversations(\\.(calls|chats|messages|emails|callbacks))?$`)],
  ['detail', new RegExp(`^v2\\.detail\\.events\\.conversation\\.${UUID}\\.(${DETAIL_KINDS.join('|').replace(/\./g, '\\.')})$`)],
  ['transcription', new RegExp(`^v2\\.conversations\\.${UUID}\\.transcription$`)],
  ['observation', new RegExp(`^v2\\.analytics\\.queues\\.${UUID}\\.observations$`)],
  ['presence', new RegExp(`^v2\\.users\\.${UUID}\\.presence$`)],
  ['routingStatus', new RegExp(`^v2\\.users\\.${UUID}\\.routingStatus$`)],
  ['activity', new RegExp(`^v2\\.users\\.${UUID}\\.activity$`)],
];

function simulate(): SimNotification[] {
  const clock = createManualClock(START);
  const cc = createContactCenter({ clock, seed: 99, startTime: START, arrivalRatePerMinute: 1, timing: { breakEveryMs: 20 * 60_000 } });
  const out: SimNotification[] = [];
  cc.onNotification((n) => out.push(n));
  cc.start();
  clock.advance(2 * 3_600_000);
  return out;
}

const notifications = simulate();
const family = (topic: string) => TOPICS.find(([, re]) => re.test(topic))?.[0];
const of = (name: string) => notifications.filter((n) => family(n.topicName) === name).map((n) => n.eventBody as Body);

/** Collects problems instead of asserting per field: there are tens of thousands of fields. */
function collector() {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok && problems.length < 20) problems.push(what);
  };
  return { check, problems };
}

describe('payload shapes', () => {
  it('uses only the documented topics, and produces every one of them', () => {
    expect(notifications.filter((n) => !family(n.topicName)).map((n) => n.topicName)).toEqual([]);
    for (const [name] of TOPICS) expect(of(name).length, name).toBeGreaterThan(0);
    const kinds = new Set(of('detail').length ? notifications.map((n) => /\.conversation\.[^.]+\.(.+)$/.exec(n.topicName)?.[1]).filter(Boolean) : []);
    for (const kind of DETAIL_KINDS) expect(kinds.has(kind), kind).toBe(true);
  });

  it('sets conversationId on each notification of a conversation, equal to the id in its topic or body', () => {
    for (const n of notifications) {
      const body = n.eventBody as Body;
      const f = family(n.topicName)!;
      if (f.endsWith('conversation')) expect(n.conversationId).toBe(body.id);
      if (f === 'detail' || f === 'transcription') {
        expect(n.conversationId).toBe(body.conversationId);
        expect(n.topicName).toContain(body.conversationId);
      }
      if (['observation', 'presence', 'routingStatus', 'activity'].includes(f)) expect(n.conversationId).toBeUndefined();
    }
  });

  it('shapes conversations with state on each media item, never on the participant', () => {
    const { check, problems } = collector();
    const isIso = (v: unknown) => v === undefined || (typeof v === 'string' && ISO.test(v));
    // The whole-conversation topics; the per-media ones flatten each participant's media (sdkModels.test.ts checks those).
    const bodies = new Set(notifications.filter((n) => /\.conversations$/.test(n.topicName)).map((n) => n.eventBody as Body));
    for (const body of bodies) {
      check(Object.keys(body).every((k) => CONVERSATION_KEYS.includes(k)), `conversation keys ${Object.keys(body)}`);
      check(new RegExp(`^${UUID}$`).test(body.id), `id ${body.id}`);
      for (const p of body.participants) {
        check(Object.keys(p).every((k) => PARTICIPANT_KEYS.includes(k)), `participant keys ${Object.keys(p)}`);
        check(!('state' in p), 'state on a participant');
        check(PURPOSES.includes(p.purpose), `purpose ${p.purpose}`);
        check(typeof p.attributes === 'object', 'attributes');
        for (const t of ['connectedTime', 'endTime', 'startAcwTime', 'endAcwTime']) check(isIso(p[t]), `${t} ${p[t]}`);
        if (p.wrapup) check(Object.keys(p.wrapup).sort().join() === 'code,durationSeconds,endTime,notes', `wrapup ${Object.keys(p.wrapup)}`);
        for (const key of MEDIA_ARRAYS) {
          check(Array.isArray(p[key]), `${key} missing`);
          for (const m of p[key] ?? []) {
            check(MEDIA_STATES.includes(m.state) && MEDIA_STATES.includes(m.initialState), `state ${m.state}/${m.initialState}`);
            // A chat media item has no direction in Genesys.
            check(key === 'chats' ? m.direction === undefined : m.direction === 'inbound' || m.direction === 'outbound', `direction ${m.direction}`);
            check(typeof m.held === 'boolean', 'held');
            check(m.disconnectType === undefined || DISCONNECT_TYPES.includes(m.disconnectType), `disconnectType ${m.disconnectType}`);
            check(isIso(m.connectedTime) && isIso(m.disconnectedTime), 'media times');
          }
        }
      }
    }
    expect(bodies.size).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });

  it('keeps detail events flat, with epoch-ms eventTime and upper-case enums', () => {
    const { check, problems } = collector();
    // Fields some kinds do not carry in Genesys (see detailEvents.ts).
    const notCarried: Record<string, string[]> = { acw: ['divisionId'], wrapup: ['divisionId'], 'voicemail.start': ['addressTo', 'addressFrom'], 'voicemail.end': ['addressTo', 'addressFrom'] };
    for (const n of notifications.filter((x) => family(x.topicName) === 'detail')) {
      const body = n.eventBody as Body;
      const kind = /\.conversation\.[^.]+\.(.+)$/.exec(n.topicName)![1]!;
      check(Number.isInteger(body.eventTime) && body.eventTime >= START, `eventTime ${body.eventTime}`);
      check(new RegExp(`^${UUID}$`).test(body.conversationId) && new RegExp(`^${UUID}$`).test(body.participantId), 'ids');
      const nested = Object.entries(body).filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v)).map(([k]) => k);
      check(nested.every((k) => k === 'attributes'), `nested ${nested}`);
      if ('attributes' in body) continue;
      check(['VOICE', 'CHAT', 'MESSAGE', 'EMAIL', 'CALLBACK'].includes(body.mediaType), `mediaType ${body.mediaType}`);
      check(body.direction === 'INBOUND' || body.direction === 'OUTBOUND', `direction ${body.direction}`);
      for (const k of ['sessionId', 'provider', 'ani', 'dnis', 'addressTo', 'addressFrom', 'divisionId']) {
        check(notCarried[kind]?.includes(k) ? body[k] === undefined : typeof body[k] === 'string', `${kind}: ${k} missing or not expected`);
      }
      for (const k of ['disconnectType', 'acdOutcome']) check(body[k] === undefined || body[k] === body[k].toUpperCase(), `${k} ${body[k]}`);
    }
    const acdEnd = notifications.filter((n) => n.topicName.endsWith('.acd.end')).map((n) => n.eventBody as Body);
    for (const body of acdEnd) {
      check(typeof body.acdOutcome === 'string' && typeof body.connectedDurationMs === 'number' && typeof body.disconnectType === 'string', 'acd.end fields');
    }
    expect(problems).toEqual([]);
    expect(acdEnd.some((b) => b.answeredUserId)).toBe(true);
  });

  it('shapes transcription, observations, presence, routing status and activity as documented', () => {
    const { check, problems } = collector();
    const keys = (o: Body) => Object.keys(o).join();
    const sortedKeys = (o: Body) => Object.keys(o).sort().join();
    for (const body of of('transcription')) {
      check(keys(body) === TRANSCRIPTION_KEYS.join(), `transcription keys ${keys(body)}`);
      check(ISO.test(body.eventTime), 'eventTime');
      check(sortedKeys(body.status) === 'offsetMs,status', 'status');
      for (const t of body.transcripts) {
        check(sortedKeys(t) === 'alternatives,channel,dialect,engineId,isFinal,utteranceId', `transcript ${keys(t)}`);
        check(sortedKeys(t.alternatives[0]) === 'confidence,durationMs,offsetMs,transcript,words', 'alternative');
      }
    }
    for (const body of of('observation')) {
      // Media groups carry conversation metrics; the queue's users come in a group without a media type.
      check(['mediaType,queueId', 'queueId'].includes(sortedKeys(body.group)), 'group');
      for (const d of body.data) {
        check(/^\S+Z\/\S+Z$/.test(d.interval), `interval ${d.interval}`);
        for (const m of d.metrics) check(/^[ont][A-Z]\w+$/.test(m.metric) && typeof m.stats === 'object', `metric ${m.metric}`);
      }
    }
    for (const body of of('presence')) {
      check(keys(body) === 'source,presenceDefinition,primary,message,modifiedDate', `presence ${keys(body)}`);
      check(keys(body.presenceDefinition) === 'id,systemPresence', 'presenceDefinition');
    }
    for (const body of of('routingStatus')) {
      check(keys(body) === 'id,routingStatus' && keys(body.routingStatus) === 'status,startTime', 'routingStatus keys');
      check(['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING'].includes(body.routingStatus.status), body.routingStatus.status);
    }
    for (const body of of('activity')) {
      check(keys(body) === 'id,routingStatus,presence,outOfOffice,activeQueueIds,dateActiveQueuesChanged', `activity ${keys(body)}`);
    }
    expect(problems).toEqual([]);
  });
});
