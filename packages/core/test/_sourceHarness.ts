import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@gcstream/emulator';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { tap, type Subscription } from 'rxjs';
import { afterEach } from 'vitest';
import { createMetrics, type Metrics } from '../src/metrics/metrics.js';
import type { GenesysEvent } from '../src/model/events.js';
import { decode } from '../src/operators/decode.js';
import { dedupe } from '../src/operators/dedupe.js';
import { genesysSourceSchema } from '../src/sources/genesys/genesysOptions.js';
import { createGenesysSource, type GenesysSource, type SourceContext } from '../src/sources/genesys/genesysSource.js';

/** Everything an integration test of the source needs: an emulator, the source, and what came out. */
export interface SourceHarness {
  emulator: RunningEmulator;
  source: GenesysSource;
  metrics: Metrics;
  /** Decoded events after the real dedupe, in arrival order. */
  events: GenesysEvent[];
  /** Every decoded event before dedupe (to see that overlaps did produce duplicates). */
  raw: GenesysEvent[];
  error?: unknown;
  subscription: Subscription;
  close(): Promise<void>;
}

export async function startSourceHarness(
  emulatorOptions: EmulatorOptions,
  /** Source options, or a function of the emulator for options that name what it simulates. */
  sourceOptions: Record<string, unknown> | ((emulator: RunningEmulator) => Record<string, unknown> | Promise<Record<string, unknown>>) = {},
  context: Partial<SourceContext> = {},
): Promise<SourceHarness> {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', ...emulatorOptions });
  const metrics = createMetrics();
  const logger = pino({ level: process.env.GCS_TEST_LOG ?? 'silent' });
  const options = genesysSourceSchema.parse({
    baseUrl: emulator.baseUrl,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    pingInterval: '500ms',
    heartbeatTimeout: '3s',
    reconnect: { initialDelay: '50ms', maxDelay: '500ms' },
    ...(typeof sourceOptions === 'function' ? await sourceOptions(emulator) : sourceOptions),
  });
  const source = createGenesysSource(options, { logger, metrics, ...context });
  const harness = { emulator, source, metrics, events: [] as GenesysEvent[], raw: [] as GenesysEvent[] } as SourceHarness;
  harness.subscription = source.frames$
    .pipe(
      decode({ metrics }),
      tap((e) => harness.raw.push(e)),
      dedupe(),
    )
    .subscribe({ next: (e) => harness.events.push(e), error: (e: unknown) => (harness.error = e) });
  harness.close = async () => {
    harness.subscription.unsubscribe();
    await emulator.close();
  };
  return harness;
}

/** Polls until `check` holds; generous timeout, no timing assertion. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const isQueueConversationTopic = (topic: string) => /^v2\.routing\.queues\.[^.]+\.conversations$/.test(topic);

export function allConnected(source: GenesysSource): boolean {
  const s = source.status();
  return s.state === 'running' && s.channels.length > 0 && s.channels.every((c) => c.connected);
}

/**
 * No gap is open and none waits for backfill. A gap closes at the first frame after the
 * reconnect, not at the connect itself: until then it is not queued for backfill either, so
 * `unfilled === 0` alone holds in the moment between the two.
 */
export function backfillDone(source: GenesysSource): boolean {
  const { gaps } = source.status();
  return gaps.open === 0 && gaps.unfilled === 0;
}

/**
 * Lets `ms` of traffic flow, then returns the keys (`topicName|CorrelationId`) of the queue
 * conversation notifications the emulator produced meanwhile, and those of them that never
 * reached `h.events` (after waiting up to 10 s for stragglers).
 */
export async function queueConversationsDuring(h: SourceHarness, ms: number): Promise<{ expected: string[]; missing: string[] }> {
  const from = h.emulator.truth().length;
  await sleep(ms);
  const to = h.emulator.truth().length;
  const expected = h.emulator
    .truth()
    .slice(from, to)
    .filter((r) => isQueueConversationTopic(r.topicName))
    .map((r) => `${r.topicName}|${r.correlationId}`);
  const received = () => new Set(h.events.map((e) => `${e.topicName}|${e.metadata.CorrelationId}`));
  await waitFor(() => expected.every((k) => received().has(k)), 'every expected event to arrive', 10_000).catch(() => undefined);
  const got = received();
  return { expected, missing: expected.filter((k) => !got.has(k)) };
}

/** Waits until the queue conversation notifications produced from now on reach `h.events` (at least one). */
export async function waitForLiveQueueConversations(h: SourceHarness, what: string): Promise<void> {
  const after = h.emulator.truth().length;
  await waitFor(() => {
    const wanted = h.emulator.truth().slice(after).filter((r) => isQueueConversationTopic(r.topicName));
    const got = new Set(h.events.map((e) => e.metadata.CorrelationId));
    return wanted.length > 0 && wanted.every((r) => got.has(r.correlationId));
  }, what);
}

/** The topics the emulator holds for a channel, read over its REST API. */
export async function channelTopics(h: SourceHarness, channelId: string): Promise<string[]> {
  const login = await fetch(`${h.emulator.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${h.emulator.clientId}:${h.emulator.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const answer = await fetch(`${h.emulator.baseUrl}/api/v2/notifications/channels/${channelId}/subscriptions`, { headers: { authorization: `Bearer ${access_token}` } });
  return ((await answer.json()) as { entities: { id: string }[] }).entities.map((t) => t.id);
}

/** A logger whose lines the test reads. */
export function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/**
 * Closes, after each test, what it started (its harness, its fault proxy): `started` names them as
 * they are now, and `forget` clears the test's variables for the next test.
 */
export function closeAfterEach(started: () => ReadonlyArray<{ close(): Promise<unknown> } | undefined>, forget: () => void): void {
  afterEach(async () => {
    for (const thing of started()) await thing?.close();
    forget();
  });
}
