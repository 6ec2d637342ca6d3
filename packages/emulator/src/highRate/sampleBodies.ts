/**
 * Realistic event bodies for high-rate mode, shaped as the simulation's (see genesys-protocol.md),
 * so a benchmark parses what production traffic looks like rather than toy frames.
 */
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

function idFrom(topic: string): string {
  return /^v2\.[a-z.]*?\.([0-9A-Za-z_-]+)\./.exec(topic)?.[1] ?? '00000000-0000-4000-8000-000000000000';
}

function conversationBody(queueId: string, n: number) {
  const convId = `c0ffee00-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const call = (state: string, extra: object = {}) => ({
    state,
    initialState: 'alerting',
    id: `ca11${n.toString(16).padStart(4, '0')}-0000-4000-8000-000000000001`,
    direction: 'inbound',
    recording: false,
    recordingState: 'none',
    muted: false,
    confined: false,
    held: false,
    connectedTime: iso(1000),
    provider: 'Edge',
    ...extra,
  });
  return {
    id: convId,
    maxParticipants: 3,
    recordingState: 'none',
    divisions: [{ division: { id: 'd1v1510n-0000-4000-8000-000000000001' }, entities: [{ id: queueId }] }],
    participants: [
      { id: 'p0000001-0000-4000-8000-000000000001', connectedTime: iso(0), name: 'Customer', purpose: 'customer', address: 'tel:+13175550123', wrapupRequired: false, attributes: {}, calls: [call('connected')], callbacks: [], chats: [], emails: [], messages: [], videos: [] },
      { id: 'p0000002-0000-4000-8000-000000000002', connectedTime: iso(500), endTime: iso(9000), queueId, name: 'Support', purpose: 'acd', wrapupRequired: false, attributes: {}, conversationRoutingData: { queue: { id: queueId }, priority: 0, skills: [] }, calls: [call('disconnected', { disconnectType: 'transfer', disconnectedTime: iso(9000) })], callbacks: [], chats: [], emails: [], messages: [], videos: [] },
      { id: 'p0000003-0000-4000-8000-000000000003', connectedTime: iso(9000), userId: 'u5e40001-0000-4000-8000-000000000001', queueId, name: 'Agent One', purpose: 'agent', wrapupRequired: true, wrapupExpected: true, alertingTimeoutMs: 8000, attributes: {}, calls: [call(n % 3 === 0 ? 'alerting' : 'connected')], callbacks: [], chats: [], emails: [], messages: [], videos: [] },
    ],
  };
}

/** Drops what the detail event kinds that Genesys sends without them do not carry (see sim/detailEvents.ts). */
function detailSample(topic: string, body: Record<string, unknown>): Record<string, unknown> {
  const kind = /\.conversation\.[^.]+\.(.+)$/.exec(topic)?.[1] ?? '';
  if (kind === 'attributes') return { eventTime: body['eventTime'], conversationId: body['conversationId'], participantId: body['participantId'], attributes: { source: 'bench' } };
  const drop: Record<string, readonly string[]> = {
    'customer.start': ['queueId'],
    'customer.end': ['queueId'],
    'flow.start': ['queueId'],
    'flow.end': ['queueId'],
    contact: ['queueId'],
    acw: ['divisionId'],
    wrapup: ['divisionId'],
    outbound: ['queueId'],
    'voicemail.start': ['addressTo', 'addressFrom'],
    'voicemail.end': ['addressTo', 'addressFrom'],
  };
  const out = { ...body };
  for (const key of drop[kind] ?? []) delete out[key];
  return out;
}

/** One body for `topic`; `n` varies ids and states so frames are not all alike. */
export function sampleBody(topic: string, n: number): unknown {
  const id = idFrom(topic);
  if (topic.endsWith('.observations')) {
    return {
      group: { queueId: id, mediaType: 'voice' },
      data: [{ interval: `${iso(0)}/${iso(1000)}`, metrics: [
        { metric: 'oWaiting', stats: { count: n % 7 } },
        { metric: 'oInteracting', stats: { count: n % 11 } },
        { metric: 'oAlerting', stats: { count: n % 3 } },
        { metric: 'oOnQueueUsers', qualifier: 'IDLE', stats: { count: n % 5 } },
      ] }],
    };
  }
  if (topic.endsWith('.presence')) {
    return { source: 'PURECLOUD', presenceDefinition: { id: '6a3af858-942f-489d-9700-5f9bcdcdae9b', systemPresence: n % 2 ? 'Available' : 'Busy' }, primary: true, message: '', modifiedDate: iso(n) };
  }
  if (topic.endsWith('.routingStatus')) {
    return { id, routingStatus: { status: ['IDLE', 'INTERACTING', 'NOT_RESPONDING'][n % 3], startTime: iso(n) } };
  }
  if (topic.includes('.detail.events.')) {
    return detailSample(topic, { eventTime: T0 + n, conversationId: id, participantId: 'p0000001-0000-4000-8000-000000000001', sessionId: 's0000001-0000-4000-8000-000000000001', mediaType: 'VOICE', provider: 'Edge', direction: 'INBOUND', ani: 'tel:+13175550123', dnis: 'tel:+18005550100', queueId: 'q0000001-0000-4000-8000-000000000001', divisionId: 'd1v1510n-0000-4000-8000-000000000001' });
  }
  const media = /\.conversations\.(calls|chats|messages|emails|callbacks)$/.exec(topic)?.[1];
  return media ? mediaConversationBody(id, n, media === 'calls') : conversationBody(id, n);
}

/** A per-media topic's body: Genesys flattens each participant's media item onto it (see sim/mediaConversationPayload.ts). */
function mediaConversationBody(queueId: string, n: number, voice: boolean) {
  const whole = conversationBody(queueId, n);
  return {
    id: whole.id,
    divisions: whole.divisions,
    participants: whole.participants.map(({ calls, callbacks: _cb, chats: _ch, emails: _e, messages: _m, videos: _v, queueId: q, userId, wrapupExpected: _w, ...p }) => {
      const { id: _id, disconnectedTime, recording: _r, recordingState: _rs, muted, confined, ...call } = calls[0]! as Record<string, unknown>;
      return { ...p, ...call, ...(voice ? { muted, confined } : {}), ...(disconnectedTime ? { endTime: disconnectedTime } : {}), ...(q ? { queue: { id: q } } : {}), ...(userId ? { user: { id: userId } } : {}) };
    }),
  };
}
