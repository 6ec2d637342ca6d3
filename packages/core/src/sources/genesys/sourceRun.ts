import { Subscription, asyncScheduler, interval, type Subscriber } from 'rxjs';
import { conversationEnded } from '../../model/conversation.js';
import { createTokenProvider, type TokenProvider } from '../../auth/tokenProvider.js';
import { resolveHosts } from '../../auth/regions.js';
import type { AccessToken } from '../../auth/tokenRefresh.js';
import { errors } from '../../errors/errors.js';
import { insecureFetch, insecureTlsWarning } from '../../net/tls.js';
import type { RawFrame } from '../../model/events.js';
import { createRestClient, type RestClient } from '../../rest/restClient.js';
import { queuesOfTopics } from './backfill.js';
import { BackfillRunner } from './backfillRunner.js';
import { ChannelPool, genesysLimits } from './channelPool.js';
import { ChannelSlots } from './channelSlots.js';
import { clockProbe } from './clockProbe.js';
import { isQueueConversationFrame, queueIdOfFrame, topicNameStart } from './frameClassifier.js';
import { ConversationTracker } from './conversationTracker.js';
import { ReceiveLag } from './receiveLag.js';
import { ServerTime } from './serverTime.js';
import { keepTokensFresh } from './tokenKeeper.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import type { SourceState } from '../source.js';
import type { SourceContext } from './sourceContext.js';
import type { SourceStatus } from './sourceStatus.js';
import { sourceMetricNames as M } from './sourceMetrics.js';
import { planTopics } from './topicPlan.js';
import { TranscriptionTopics, type ConversationBody } from './transcriptionTopics.js';

/** How far back (from now, or from where the last run stopped) the conversations in progress at start are looked for (server ms). */
const SEED_WINDOW_MS = 3_600_000;

/** One subscription of the source: everything it opened, and the bookkeeping to keep it whole. */
export class SourceRun {
  private state: SourceState = 'starting';
  private readonly abort = new AbortController();
  private readonly scheduler;
  /** The server's clock, from the Date headers of its answers. */
  private readonly time: ServerTime;
  private readonly localNow: () => number;
  private readonly conversations = new ConversationTracker(() => this.time.now());
  /** How far behind each channel's frames arrive: a gap starts that much before its last frame arrived. */
  private readonly receiveLag = new ReceiveLag();
  /** What is wrong but being retried, for status: `token` (refresh failing), `channels:<slot>` (setup failing). */
  private readonly problems = new Map<string, string>();
  private readonly subscriptions = new Subscription();
  private slots?: ChannelSlots;
  /** Subscription id -> the concrete topics it delivers (combined user topics deliver several). */
  private readonly delivers = new Map<string, readonly string[]>();
  /** Frames not yet added to the metric: one Map update per second instead of one per frame. */
  private uncountedFrames = 0;
  private pool = new ChannelPool();
  private tokens!: TokenProvider;
  private rest!: RestClient;
  private transcription!: TranscriptionTopics;
  private backfill?: BackfillRunner;

  constructor(
    private readonly options: GenesysSourceConfig,
    private readonly ctx: SourceContext,
    private readonly out: Subscriber<RawFrame>,
  ) {
    this.scheduler = ctx.scheduler ?? asyncScheduler;
    this.localNow = ctx.now ?? Date.now;
    this.time = new ServerTime(this.localNow);
  }

  async start(): Promise<void> {
    const { options, ctx } = this;
    const hosts = resolveHosts(options);
    if (!options.clientId || !options.clientSecret) {
      throw errors.sourceConfig('clientId and clientSecret are required to reach Genesys Cloud. Set them (from the environment: ${GENESYS_CLIENT_ID}), or omit region/baseUrl to use the emulator.');
    }
    if (options.insecureSkipTlsVerify) ctx.logger.warn({ baseUrl: hosts.login }, insecureTlsWarning('Genesys Cloud', 'source.genesys.insecureSkipTlsVerify'));
    const fetch = this.time.wrapFetch(ctx.fetch ?? (options.insecureSkipTlsVerify ? insecureFetch() : globalThis.fetch));
    const common = { maxRetryWait: options.maxRetryWait, fetch, logger: ctx.logger, signal: this.abort.signal, random: ctx.random, now: this.localNow };
    this.tokens = createTokenProvider({
      ...common,
      loginUrl: hosts.login,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      registerSecret: ctx.registerSecret,
      serverNow: () => this.time.now(),
      requestTimeout: options.requestTimeout,
    });
    this.rest = createRestClient({ ...common, apiUrl: hosts.api, tokens: this.tokens, requestTimeout: options.requestTimeout });
    const first = await this.tokens.refresh();
    this.refreshTokens(first);

    const plan = await planTopics(options, this.rest);
    ctx.directory?.addQueues(plan.discovered.queues);
    ctx.directory?.addUsers(plan.discovered.users);
    const { subscriptions } = plan;
    for (const s of subscriptions) this.delivers.set(s.id, s.topics);
    this.pool = ChannelPool.plan(subscriptions.map((s) => s.id), { ...genesysLimits, ...ctx.limits });
    this.transcription = new TranscriptionTopics(plan.dynamicTemplates, this.pool);
    if (plan.dynamicTemplates.length && !subscriptions.some((s) => queuesOfTopics(s.topics).length)) {
      ctx.logger.warn({ templates: plan.dynamicTemplates }, 'per-conversation topics are learnt from v2.routing.queues.{queueId}.conversations; add that topic or none will be subscribed');
    }
    if (options.backfill) {
      this.backfill = new BackfillRunner({
        rest: this.rest,
        logger: ctx.logger,
        metrics: ctx.metrics,
        time: this.time,
        scheduler: this.scheduler,
        tracker: this.conversations,
        emit: (frame) => this.onBackfilled(frame),
        marginMs: options.backfillMargin,
        retentionMs: options.backfillRetention,
        random: ctx.random,
      });
    }
    ctx.metrics.set(M.topics, subscriptions.length);
    ctx.logger.info({ topics: subscriptions.length, channels: this.pool.slotCount, queues: plan.queueIds.length, users: plan.userIds.length }, 'genesys source starting');
    if (this.state !== 'starting') return;
    this.subscriptions.add(
      interval(1000, this.scheduler).subscribe(() => {
        this.countFrames();
        this.reportPosition();
      }),
    );
    const slots = new ChannelSlots({
      options,
      ctx,
      scheduler: this.scheduler,
      time: this.time,
      localNow: this.localNow,
      rest: this.rest,
      tokens: this.tokens,
      pool: this.pool,
      delivers: this.delivers,
      onData: (channelId, text, start, receivedAt) => this.onData(channelId, text, start, receivedAt),
      onGapClosed: (gap) => this.backfill?.enqueue(gap),
      receiveLag: (channelId) => this.receiveLag.take(channelId),
      // one entry per slot: a slot whose turnover works must not clear another's failing setup
      onSetupProblem: (slot, problem) => this.setProblem(`channels:${slot}`, problem),
      fail: (error) => this.fail(error),
      isDone: () => this.done,
    });
    this.slots = slots;
    const resumeFrom = this.backfill === undefined ? undefined : ctx.resumeFrom;
    // Resuming, the time no run was connected is a gap of every slot, closed when its first socket is live.
    if (resumeFrom !== undefined) ctx.logger.info({ from: new Date(resumeFrom).toISOString() }, 'resuming: the time since the last run was connected will be backfilled');
    for (let i = 0; i < this.pool.slotCount; i++) slots.open(resumeFrom);
    void this.backfill?.seed(queuesOfTopics(subscriptions.flatMap((s) => s.topics)), SEED_WINDOW_MS, resumeFrom);
    this.subscriptions.add(
      clockProbe({
        rest: this.rest,
        time: this.time,
        scheduler: this.scheduler,
        channelId: () => slots.status().find((c) => c.connected)?.channelId,
        onError: (error) => ctx.logger.debug({ err: error }, 'clock probe failed'),
      }).subscribe(),
    );
    this.state = 'running';
  }

  stop(): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'stopped';
    this.teardown();
  }

  fail(error: unknown): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'failed';
    this.teardown();
    this.ctx.logger.error({ err: error }, 'genesys source stopped');
    this.out.error(error);
  }

  private get done(): boolean {
    return this.state === 'stopped' || this.state === 'failed';
  }

  /**
   * Up to when every slot received what it was subscribed to: now, or the start of the oldest gap
   * still open or still waiting for its backfill (a run killed before a closed gap was filled
   * leaves it to the next run). Nothing before the first socket of a first run: no promise was made yet.
   */
  private reportPosition(): void {
    const slots = this.slots;
    if (this.ctx.onConnectedUntil === undefined || slots === undefined) return;
    const open = slots.gaps.oldestOpen();
    if (open === undefined && slots.connectedSockets() === 0) return;
    const unfilled = this.backfill?.oldestUnfilled();
    this.ctx.onConnectedUntil(Math.min(this.time.now(), open ?? Number.POSITIVE_INFINITY, unfilled ?? Number.POSITIVE_INFINITY));
  }

  private countFrames(): void {
    if (this.uncountedFrames === 0) return;
    this.ctx.metrics.inc(M.frames, undefined, this.uncountedFrames);
    this.uncountedFrames = 0;
  }

  private teardown(): void {
    this.countFrames();
    // A stop says exactly how far it got: the next run resumes from here.
    this.reportPosition();
    this.backfill?.stop();
    this.abort.abort();
    this.subscriptions.unsubscribe();
    this.slots?.closeAll();
  }

  private emit(frame: RawFrame): void {
    if (!this.done) this.out.next(frame);
  }

  private refreshTokens(first: AccessToken): void {
    const { ctx } = this;
    this.subscriptions.add(
      keepTokensFresh(first, { tokens: this.tokens, time: this.time, scheduler: this.scheduler, logger: ctx.logger, random: ctx.random, onProblem: (problem) => this.setProblem('token', problem) }).subscribe({
        error: (error: unknown) => this.fail(error),
      }),
    );
  }

  private setProblem(key: string, problem: string | undefined): void {
    if (problem === undefined) this.problems.delete(key);
    else this.problems.set(key, problem);
  }

  private onData(channelId: string, text: string, start: number, receivedAt: number): void {
    this.uncountedFrames++;
    // Every frame has the same four fields (one object shape for decode); `parsed` only when
    // the source had to read the frame itself, so decode does not parse it a second time.
    if (!(this.transcription.enabled || this.backfill) || !isQueueConversationFrame(text, start)) {
      this.emit({ data: text, channelId, receivedAt, parsed: undefined });
      return;
    }
    const parsed = parseFrame(text);
    this.emit({ data: text, channelId, receivedAt, parsed });
    const body = this.observeConversation(parsed, text, start);
    if (body && this.backfill) this.receiveLag.offer(channelId, body as Record<string, unknown>, this.time.at(receivedAt));
  }

  /** A backfilled frame goes downstream, and updates what the source tracks as a live one does. */
  private onBackfilled(frame: RawFrame): void {
    const start = topicNameStart(frame.data);
    if (!isQueueConversationFrame(frame.data, start)) {
      this.emit(frame);
      return;
    }
    const parsed = parseFrame(frame.data);
    this.emit(parsed === undefined ? frame : { ...frame, parsed });
    this.observeConversation(parsed, frame.data, start);
  }

  /** Conversations in progress (for backfill) and per-conversation topics (learnt and dropped); returns the body it read. */
  private observeConversation(parsed: unknown, text: string, start: number): ConversationBody | undefined {
    const body = (parsed as { eventBody?: ConversationBody } | null | undefined)?.eventBody;
    if (!body || typeof body.id !== 'string') return undefined;
    const ended = conversationEnded(body);
    this.conversations.observe(body.id, queueIdOfFrame(text, start), ended);
    if (!this.transcription.enabled) return body;
    const { changed, overflow } = this.transcription.observeBody(body, ended);
    if (overflow.length) this.ctx.logger.warn({ overflow }, 'no channel has room for these topics; they are not watched');
    const slots = this.slots!;
    for (const index of changed) slots.sync(slots.get(index) ?? slots.open());
    if (changed.size) this.ctx.metrics.set(M.topics, this.pool.size);
    return body;
  }

  status(): SourceStatus {
    this.countFrames();
    const m = this.ctx.metrics;
    const gaps = this.slots?.gaps.stats() ?? { open: 0, closed: 0, totalMs: 0 };
    const unfilled = this.backfill?.unfilled() ?? { count: 0, ms: 0, lostMs: 0 };
    return {
      state: this.state,
      channels: this.slots?.status() ?? [],
      topics: this.pool.size,
      connectedSockets: this.slots?.connectedSockets() ?? 0,
      gaps: { open: gaps.open, closed: gaps.closed, totalMs: gaps.totalMs, unfilled: unfilled.count, unfilledMs: unfilled.ms, lostMs: unfilled.lostMs },
      problems: [...new Set(this.problems.values())],
      reconnects: m.get(M.reconnects),
      rollovers: m.get(M.rollovers),
      backfilled: m.get(M.backfilled),
      framesReceived: m.get(M.frames),
    };
  }
}

/** The frame's JSON, or undefined when it is not JSON (decode then makes it a dead letter). */
function parseFrame(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
