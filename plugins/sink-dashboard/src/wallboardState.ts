import type { Directory, GenesysEvent } from '@gcstream/core';
import { metricsRecordSchema, periodView, type MetricsRecord, type PeriodView } from './metricsRecord.js';

/** One tile of the wallboard: a queue and media type, its live numbers, its interval and today. */
export interface TileView {
  /** `<queueId>|<mediaType>`: the tile's identity on the page. */
  readonly id: string;
  readonly queueId: string;
  /** The queue's name when the source discovered it, else its id. */
  readonly queueName: string;
  readonly mediaType: string;
  readonly live: {
    readonly waiting: number;
    readonly interacting: number;
    readonly alerting: number;
    readonly longestWaitMs: number | null;
    readonly agents: Readonly<Record<string, number>>;
    /** Event time the live numbers describe. */
    readonly asOf: number;
    /** Server wall-clock time of `asOf` (when that moment first reached the wallboard): the page ages the longest wait from it. */
    readonly seenAt: number;
  };
  readonly interval: PeriodView | null;
  readonly today: PeriodView | null;
}

interface Tile {
  queueId: string;
  mediaType: string;
  live: TileView['live'] | null;
  interval: MetricsRecord | null;
  today: MetricsRecord | null;
}

const isMetricsEvent = (event: GenesysEvent) => event.topicName.startsWith('gcstream.queues.') && event.topicName.endsWith('.metrics');

/**
 * The wallboard's state: per queue and media type, the newest interval and the newest day that
 * queueMetrics reported, and the newest live numbers. queueMetrics also re-emits older intervals
 * when a late record changes them; those are history, not what the wall shows, so an older
 * period never replaces a newer one.
 */
export class WallboardState {
  private readonly tiles = new Map<string, Tile>();

  constructor(
    private readonly directory: Directory | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Folds a batch in; returns the ids of the tiles it changed, in first-changed order. */
  apply(batch: readonly GenesysEvent[]): string[] {
    const changed = new Set<string>();
    const seenAt = this.clock();
    for (const event of batch) {
      if (!isMetricsEvent(event)) continue;
      const parsed = metricsRecordSchema.safeParse(event.eventBody);
      if (!parsed.success) continue;
      if (this.fold(parsed.data, seenAt)) changed.add(`${parsed.data.queueId}|${parsed.data.mediaType}`);
    }
    return [...changed];
  }

  private fold(record: MetricsRecord, seenAt: number): boolean {
    const id = `${record.queueId}|${record.mediaType}`;
    let tile = this.tiles.get(id);
    if (tile === undefined) this.tiles.set(id, (tile = { queueId: record.queueId, mediaType: record.mediaType, live: null, interval: null, today: null }));
    let changed = false;
    const period = tile[record.period];
    if (period === null || record.start >= period.start) {
      tile[record.period] = record;
      changed = true;
    }
    const live = tile.live;
    // The page ages the longest wait from seenAt, so seenAt is when the moment `asOf` was on the
    // wallboard's clock: a queue re-emitted later as of the same moment (a late record, with no
    // newer event since) keeps the time that moment was first seen, else its longest wait would
    // jump back by the time since then. Event times are only compared with event times.
    if (live === null || record.live.asOf >= live.asOf) {
      const { waiting, interacting, alerting, longestWaitMs, agents, asOf } = record.live;
      tile.live = { waiting, interacting, alerting, longestWaitMs, agents: { ...agents }, asOf, seenAt: live === null ? seenAt : Math.min(seenAt, live.seenAt + (asOf - live.asOf)) };
      changed = true;
    }
    return changed;
  }

  view(id: string): TileView | undefined {
    const tile = this.tiles.get(id);
    if (tile === undefined) return undefined;
    return {
      id,
      queueId: tile.queueId,
      queueName: this.directory?.queueName(tile.queueId) ?? tile.queueId,
      mediaType: tile.mediaType,
      live: tile.live ?? { waiting: 0, interacting: 0, alerting: 0, longestWaitMs: null, agents: {}, asOf: 0, seenAt: 0 },
      interval: tile.interval && periodView(tile.interval),
      today: tile.today && periodView(tile.today),
    };
  }

  /** Every tile, by queue name then media type: the order the page lays them out in. */
  snapshot(): TileView[] {
    const views = [...this.tiles.keys()].map((id) => this.view(id)!);
    return views.sort((a, b) => a.queueName.localeCompare(b.queueName) || a.mediaType.localeCompare(b.mediaType));
  }

  get size(): number {
    return this.tiles.size;
  }
}
