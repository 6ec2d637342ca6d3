/** What `gcstream init` can set a new pipeline up for. */
export const GOALS = ['console', 'files', 'postgres', 'webhook', 'nats', 'wallboard', 'alerts'] as const;
export type Goal = (typeof GOALS)[number];

export const GOAL_DESCRIPTIONS: Record<Goal, string> = {
  console: 'watch events live in the terminal',
  files: 'keep every event in NDJSON files, one per day and family',
  postgres: 'write every event to a PostgreSQL table, once',
  webhook: 'POST signed batches of events to an HTTP endpoint',
  nats: 'publish every event to NATS JetStream',
  wallboard: 'a live queue wallboard in the browser (waiting, service level, ASA, AHT)',
  alerts: 'POST an alert when a queue misses its service level or keeps callers waiting, and when it recovers',
};

/** A topic, its comment, and the sample notifications the generated tests feed in. */
export const SAMPLE_QUEUE_ID = '3b1f4a52-0000-4000-8000-00000000a001';
export const SAMPLE_USER_ID = '8f1c2d3e-0000-4000-8000-000000000001';

export interface GoalTemplate {
  readonly topics: readonly string[];
  /** YAML of the `pipeline:` entries, indented by two spaces, with comments. */
  readonly pipeline: string;
  /** YAML of the `sinks:` entries, indented by two spaces, with comments. */
  readonly sinks: string;
  /** Lines for .env.example beyond the Genesys credentials. */
  readonly env: readonly string[];
  /** YAML of the `tests:` cases, indented by two spaces. */
  readonly tests: string;
}

const presence = (status: string, correlation: string) =>
  `      - topicName: v2.users.${SAMPLE_USER_ID}.presence
        eventBody: { source: PURECLOUD, presenceDefinition: { id: 6a3af858-942f-489d-9700-5f9bcdcdae9b, systemPresence: ${status} }, primary: true, modifiedDate: "2026-01-01T14:02:11.000Z" }
        metadata: { CorrelationId: ${correlation} }
`;

const DEDUPE = `  # A channel rollover overlaps two channels for a moment, so a notification can arrive twice;
  # dedupe drops the second copy (same key within the TTL).
  - dedupe: { ttl: 10m }
`;

const DEDUPE_TESTS = `  - name: a notification delivered twice during a channel rollover comes out once
    input:
${presence('Available', 'init-presence-1')}${presence('Available', 'init-presence-1')}    expect:
      count: 1
      events:
        - family: presence
          topic: v2.users.{id}.presence
          eventBody: { presenceDefinition: { systemPresence: Available } }
  - name: a frame that is not JSON becomes a dead letter and stops nothing
    input:
      - frame: "{not json"
${presence('Away', 'init-presence-2')}    expect: { count: 1, deadLetters: 1 }
`;

/** A webhook sink posting to the example receiver unless `urlVariable` says where, signed once a secret is set. */
const webhookSink = (comment: string, urlVariable: string, path: string, batchSize: number) => `${comment}
  - webhook:
      url: \${${urlVariable}:-http://127.0.0.1:8790/hooks/${path}}
      # secret: \${GCSTREAM_WEBHOOK_SECRET}   # at least 16 characters: openssl rand -hex 32
      timeout: 10s
      batch: { size: ${batchSize}, interval: 1s }
      retry: { attempts: 8, initialDelay: 500ms, maxDelay: 30s }
`;

const EVENT_TOPICS = ['v2.routing.queues.{queueId}.conversations', 'v2.users.{userId}.presence'];

export const TEMPLATES: Record<Goal, GoalTemplate> = {
  console: {
    topics: EVENT_TOPICS,
    pipeline: DEDUPE,
    sinks: `  # One readable line per event (colour on a terminal; NO_COLOR=1 turns it off).
  # format: json prints one JSON line per event instead (pipe it to jq).
  - console:
      format: pretty
      batch: { size: 50, interval: 100ms }   # engine option: print at least every 100 ms
`,
    env: [],
    tests: DEDUPE_TESTS,
  },
  files: {
    topics: EVENT_TOPICS,
    pipeline: DEDUPE,
    sinks: `  # NDJSON files under ./gcstream-files (beside this file): {date}/{family}.ndjson, rotated at
  # 64 MB and gzipped. Replay one later: it is a valid test input (\`inputFile:\` in tests).
  - file:
      dir: ./gcstream-files
      path: "{date}/{family}.ndjson"
      maxBytes: 64MB
      gzip: true
      batch: { size: 500, interval: 1s }
`,
    env: [],
    tests: DEDUPE_TESTS,
  },
  postgres: {
    topics: EVENT_TOPICS,
    pipeline: DEDUPE,
    sinks: `  # One row per event in gcstream_events (created on the first start), keyed by the event key,
  # so retries and rollovers never write a row twice. Keep the password in the environment.
  - postgres:
      url: \${GCSTREAM_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
      table: gcstream_events
      createTable: true
      batch: { size: 1000, interval: 500ms }
      retry: { attempts: 10, initialDelay: 200ms, maxDelay: 10s }
`,
    env: ['# PostgreSQL connection (the password is never logged)', 'GCSTREAM_PG_URL=postgres://gcstream:password@127.0.0.1:5432/gcstream'],
    tests: DEDUPE_TESTS,
  },
  webhook: {
    topics: EVENT_TOPICS,
    pipeline: DEDUPE,
    sinks: webhookSink(
      `  # Batches of events as JSON ({"events": [...]}) to your endpoint. With secret set, every request
  # is signed (X-Gcstream-Timestamp, X-Gcstream-Signature: HMAC-SHA256).`,
      'WEBHOOK_URL',
      'genesys',
      500,
    ),
    env: ['# Where batches are sent, and the signing secret (openssl rand -hex 32)', 'WEBHOOK_URL=https://crm.example.com/hooks/genesys', 'GCSTREAM_WEBHOOK_SECRET='],
    tests: DEDUPE_TESTS,
  },
  nats: {
    topics: EVENT_TOPICS,
    pipeline: DEDUPE,
    sinks: `  # One message per event on gcstream.<family>.<topic>, with Nats-Msg-Id set to the event key so
  # JetStream drops a copy a retry sends again. Watch: nats sub 'gcstream.>'
  - nats:
      servers: \${NATS_URL:-nats://127.0.0.1:4222}
      stream: GCSTREAM
      subject: gcstream.{family}.{topicName}
      createStream: true
      batch: { size: 500, interval: 200ms }
`,
    env: ['# NATS server(s)', 'NATS_URL=nats://127.0.0.1:4222'],
    tests: DEDUPE_TESTS,
  },
  wallboard: {
    topics: ['v2.routing.queues.{queueId}.conversations', 'v2.analytics.queues.{queueId}.observations', 'v2.users.{userId}.routingStatus'],
    pipeline: `  # conversationState rebuilds each conversation from its events; queueMetrics turns them into
  # Genesys's queue metrics (offered, answered, abandoned, service level, ASA, AHT, waiting now)
  # per queue, media type, 30-minute interval and today, at most once a second per queue.
  - conversationState: {}
  - queueMetrics:
      emitInterval: 1s
      breaches: { serviceLevelBelow: 0.8, waitingAbove: 5 }   # also emit breach and recovered events
      # "Today" runs from midnight UTC; name your contact center's time zone to count it from
      # local midnight, as Genesys's Queue Performance views do (daylight saving included).
      # timeZone: America/New_York
`,
    sinks: `  # A live wallboard in the browser: one tile per queue (waiting, longest wait, service level,
  # abandons, agents), amber and red past the thresholds. Open the address it logs.
  - dashboard:
      port: \${DASHBOARD_PORT:-8080}
      title: Queue wallboard
      thresholds:
        waiting: { warn: 3, critical: 8 }
        abandonRate: { warn: 0.05, critical: 0.1 }
`,
    env: ['# Port of the wallboard page', 'DASHBOARD_PORT=8080'],
    tests: `  - name: a queue observation becomes the queue's live figures, for the interval and for today
    input:
      - topicName: v2.analytics.queues.${SAMPLE_QUEUE_ID}.observations
        eventBody:
          group: { queueId: ${SAMPLE_QUEUE_ID}, mediaType: voice }
          data:
            - interval: 2026-01-01T09:15:00.000Z/2026-01-01T09:15:00.000Z
              metrics:
                - { metric: oWaiting, stats: { count: 4 } }
        metadata: { CorrelationId: init-observation-1 }
    expect:
      contains:
        - { topic: "gcstream.queues.{id}.metrics", eventBody: { queueId: ${SAMPLE_QUEUE_ID}, mediaType: voice, period: interval, live: { waiting: 4 } } }
        - { topic: "gcstream.queues.{id}.metrics", eventBody: { queueId: ${SAMPLE_QUEUE_ID}, mediaType: voice, period: today, live: { waiting: 4 } } }
  - name: a frame that is not JSON becomes a dead letter and stops the wallboard nowhere
    input:
      - frame: "{not json"
    expect: { count: 0, deadLetters: 1 }
`,
  },
  alerts: {
    topics: ['v2.routing.queues.{queueId}.conversations', 'v2.analytics.queues.{queueId}.observations'],
    pipeline: `  # conversationState rebuilds each conversation; queueMetrics counts Genesys's queue metrics and
  # emits an event when one crosses a threshold below (and when it comes back): a breach is sent
  # once when it begins and once when it ends. Service level is also checked against each
  # queue's own target.
  - conversationState: { maxOutOfOrderness: 10s }
  - queueMetrics:
      emitInterval: 5s
      breaches: { serviceLevelBelow: 0.8, abandonRateAbove: 0.1, longestWaitAbove: 2m, waitingAbove: 10 }
  # Only the breaches and recoveries go on to the webhook.
  - filter: { topic: "gcstream.queues.*.breach" }
`,
    sinks: webhookSink(
      `  # Batches of alerts as JSON ({"events": [...]}); each eventBody says state (breach or recovered),
  # queueId, mediaType, metric, value and threshold. With secret set, every request is signed.`,
      'ALERT_WEBHOOK_URL',
      'alerts',
      20,
    ),
    env: ['# Where alerts are sent, and the signing secret (openssl rand -hex 32)', 'ALERT_WEBHOOK_URL=https://alerts.example.com/hooks/genesys', 'GCSTREAM_WEBHOOK_SECRET='],
    tests: `  - name: a caller who hangs up in the queue breaches service level and the abandon rate
    input:
      - topicName: v2.routing.queues.${SAMPLE_QUEUE_ID}.conversations
        eventBody:
          id: 0c7d9e3a-1111-4000-8000-00000000c001
          participants:
            - { id: p-customer-1, purpose: customer, calls: [{ id: call-1, state: disconnected, connectedTime: "2026-01-01T09:00:00.000Z", disconnectedTime: "2026-01-01T09:00:40.000Z", disconnectType: client }] }
            - { id: p-acd-1, purpose: acd, queueId: ${SAMPLE_QUEUE_ID}, calls: [{ id: call-2, state: disconnected, connectedTime: "2026-01-01T09:00:00.000Z", disconnectedTime: "2026-01-01T09:00:40.000Z", disconnectType: peer }] }
        metadata: { CorrelationId: init-conversation-1 }
    expect:
      count: 2
      contains:
        - { topic: "gcstream.queues.{id}.breach", eventBody: { state: breach, queueId: ${SAMPLE_QUEUE_ID}, mediaType: voice, metric: serviceLevelBelow, value: 0 } }
        - { topic: "gcstream.queues.{id}.breach", eventBody: { state: breach, metric: abandonRateAbove, value: 1 } }
  - name: a frame that is not JSON becomes a dead letter and raises no alert
    input:
      - frame: "{not json"
    expect: { count: 0, deadLetters: 1 }
`,
  },
};
