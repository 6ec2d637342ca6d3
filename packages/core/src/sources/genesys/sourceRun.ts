import { Subscription, asyncScheduler, interval, throwError, type Subscriber } from 'rxjs';
import { createTokenProvider, type TokenProvider } from '../../auth/tokenProvider.js';
import { resolveHosts } from '../../auth/regions.js';
import { keepTokenWarm, type AccessToken } from '../../auth/tokenRefresh.js';
import { errors } from '../../errors/errors.js';
import type { RawFrame } from '../../model/events.js';
import { createRestClient, type RestClient } from '../../rest/restClient.js';
import { isFatal } from './_isFatal.js';
import { backoffRetryDelay } from '../../retry/backoff.js';
import { queuesOfTopics } from './backfill.js';
import { BackfillRunner } from './backfillRunner.js';
import { ChannelPool, genesysLimits } from './channelPool.js';
import { ChannelSlots } from './channelSlots.js';
import { isQueueConversationFrame } from './frameClassifier.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import type { SourceState } from '../source.js';
import type { SourceContext } from './sourceContext.js';
import type { SourceStatus } from './sourceStatus.js';
import { sourceMetricNames as M } from './sourceMetrics.js';
import { planTopics } from './topicPlan.js';
import { TranscriptionTopics } from './transcriptionTopics.js';

/** One subscription of the source: everything it opened, and the bookkeeping to keep it whole. */
export class SourceRun {
  private state: SourceState = 'starting';
  private readonly abort = new AbortController();
  private readonly scheduler;
  private readonly speed: number;
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
    this.speed = ctx.serverClock?.speed ?? 1;
  }

  private serverNow(): number {
    return this.ctx.serverClock?.now() ?? Date.now();
  }

  async start(): Promise<void> {
    const { options, ctx } = this;
    const hosts = resolveHosts(options);
    if (!options.clientId || !options.clientSecret) {
      throw errors.sourceConfig('clientId and clientSecret are required to reach Genesys Cloud. Set them (from the environment: ${GENESYS_CLIENT_ID}), or omit region/baseUrl to use the emulator.');
    }
    const common = { maxRetryWait: options.maxRetryWait, fetch: ctx.fetch, logger: ctx.logger, signal: this.abort.signal, random: ctx.random };
    this.tokens = createTokenProvider({ ...common, loginUrl: hosts.login, clientId: options.clientId, clientSecret: options.clientSecret, registerSecret: ctx.registerSecret, serverSpeed: this.speed });
    this.rest = createRestClient({ ...common, apiUrl: hosts.api, tokens: this.tokens });
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
      this.backfill = new BackfillRunner(this.rest, ctx, (frame) => this.emit(frame), options.backfillMargin);
    }
    ctx.metrics.set(M.topics, subscriptions.length);
    ctx.logger.info({ topics: subscriptions.length, channels: this.pool.slotCount, queues: plan.queueIds.length, users: plan.userIds.length }, 'genesys source starting');
    if (this.state !== 'starting') return;
    this.subscriptions.add(interval(1000, this.scheduler).subscribe(() => this.countFrames()));
    const slots = new ChannelSlots({
      options,
      ctx,
      scheduler: this.scheduler,
      speed: this.speed,
      serverNow: () => this.serverNow(),
      rest: this.rest,
      tokens: this.tokens,
      pool: this.pool,
      delivers: this.delivers,
      onData: (channelId, text, start) => this.onData(channelId, text, start),
      onGapClosed: (gap) => void this.backfill?.enqueue(gap),
      fail: (error) => this.fail(error),
      isDone: () => this.done,
    });
    this.slots = slots;
    for (let i = 0; i < this.pool.slotCount; i++) slots.open();
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

  private countFrames(): void {
    if (this.uncountedFrames === 0) return;
    this.ctx.metrics.inc(M.frames, undefined, this.uncountedFrames);
    this.uncountedFrames = 0;
  }

  private teardown(): void {
    this.countFrames();
    this.abort.abort();
    this.subscriptions.unsubscribe();
    this.slots?.closeAll();
  }

  private emit(frame: RawFrame): void {
    if (!this.done) this.out.next(frame);
  }

  private refreshTokens(first: AccessToken): void {
    const backoff = backoffRetryDelay({ initialDelay: 1000, maxDelay: 60_000, random: this.ctx.random, scheduler: this.scheduler });
    this.subscriptions.add(
      keepTokenWarm(first, () => this.tokens.refresh(), {
        serverSpeed: this.speed,
        scheduler: this.scheduler,
        retryDelay: (error, n) => (isFatal(error) ? throwError(() => error) : backoff(error, n)),
      }).subscribe({ error: (error: unknown) => this.fail(error) }),
    );
  }

  private onData(channelId: string, text: string, start: number): void {
    this.uncountedFrames++;
    this.emit({ data: text, channelId, receivedAt: Date.now() });
    if (this.transcription.enabled && isQueueConversationFrame(text, start)) {
      const { changed, overflow } = this.transcription.observe(text);
      if (overflow.length) this.ctx.logger.warn({ overflow }, 'no channel has room for these topics; they are not watched');
      const slots = this.slots!;
      for (const index of changed) slots.sync(slots.get(index) ?? slots.open());
      if (changed.size) this.ctx.metrics.set(M.topics, this.pool.size);
    }
  }

  status(): SourceStatus {
    this.countFrames();
    const m = this.ctx.metrics;
    const gaps = this.slots?.gaps.stats() ?? { open: 0, closed: 0, totalMs: 0 };
    return {
      state: this.state,
      channels: this.slots?.status() ?? [],
      topics: this.pool.size,
      connectedSockets: this.slots?.connectedSockets() ?? 0,
      gaps: { open: gaps.open, closed: gaps.closed, totalMs: gaps.totalMs },
      reconnects: m.get(M.reconnects),
      rollovers: m.get(M.rollovers),
      backfilled: m.get(M.backfilled),
      framesReceived: m.get(M.frames),
    };
  }
}
