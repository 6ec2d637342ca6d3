/**
 * Genesys Cloud's clock as the source sees it, estimated from the `Date` header of every HTTP
 * answer (REST, login and WebSocket upgrades). Channel expiry, token lifetime and gap intervals
 * are in the server's time: a host clock off by minutes, or an emulator whose simulated time runs
 * faster than the wall clock, would otherwise make backfill ask for the wrong intervals.
 *
 * A `Date` header has one-second resolution and is stamped somewhere between sending the request
 * and reading the answer, so each sample bounds the server time at a local instant. The estimate
 * is `server = anchor + rate * (local - anchorLocal)`: the rate stays 1 (a real server) until the
 * samples rule 1 out (an emulator at `--speed 20`), and is then measured between the first sample
 * and the latest.
 */
export class ServerTime {
  private first?: Sample;
  /** The newest sample: a fast clock is extrapolated from it, so a rough rate errs only since then. */
  private latest?: Sample;
  private rateSpread = 0;
  private rateValue = 1;
  /** server ms - local ms at the anchor, for rate 1. */
  private offset = 0;
  private samples = 0;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** Server epoch ms now. */
  now(): number {
    return this.at(this.localNow());
  }

  /** Server epoch ms at local epoch ms `local`. */
  at(local: number): number {
    if (this.rateValue === 1 || !this.latest) return local + this.offset;
    return this.latest.stamped + 500 + this.rateValue * (local - mid(this.latest));
  }

  /** Server ms per local ms: 1 for Genesys Cloud, the speed factor for a fast emulator. */
  get rate(): number {
    return this.rateValue;
  }

  /**
   * Whether the server's clock is known to run at another rate than the host's but that rate is
   * not yet measured to 5%: until then the source asks for the time more often.
   */
  get unsure(): boolean {
    return this.rateValue !== 1 && this.rateSpread > 0.05 * this.rateValue;
  }

  /**
   * How far off `now()` may be, in server ms: half the window the samples leave for a real-time
   * clock; for a faster one, the header's second plus what a rough rate adds since the newest
   * sample. Backfill widens each gap by it. Capped at five minutes.
   */
  errorBoundMs(local = this.localNow()): number {
    if (!this.latest) return 0;
    if (this.rateValue === 1) return Math.min(MAX_BOUND_MS, Math.max(0, (this.hi - this.lo) / 2));
    const trip = (this.latest.receivedAt - this.latest.sentAt) * this.rateValue;
    return Math.min(MAX_BOUND_MS, 1000 + trip + this.rateSpread * Math.abs(local - mid(this.latest)));
  }

  /** How many Date headers have been read. */
  get sampleCount(): number {
    return this.samples;
  }

  /** Local ms that `serverMs` of server time take. */
  toLocalMs(serverMs: number): number {
    return serverMs / this.rateValue;
  }

  /** Server ms that `localMs` of local time take. */
  toServerMs(localMs: number): number {
    return localMs * this.rateValue;
  }

  /** Reads one answer's `Date` header; `sentAt` and `receivedAt` are local ms around the request. */
  observe(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): void {
    if (!dateHeader) return;
    const stamped = Date.parse(dateHeader);
    if (Number.isNaN(stamped)) return;
    this.samples++;
    // The header truncates to the second: the server's time was in [stamped, stamped + 1000)
    // at some local instant in [sentAt, receivedAt].
    const sample: Sample = { stamped, sentAt, receivedAt: Math.max(sentAt, receivedAt) };
    const first = this.first;
    this.latest = sample;
    if (!first) {
      this.first = sample;
      this.lo = stamped - sample.receivedAt;
      this.hi = stamped + 1000 - sentAt;
      this.offset = (this.lo + this.hi) / 2;
      return;
    }
    const minRate = (stamped - (first.stamped + 1000)) / Math.max(1, sample.receivedAt - first.sentAt);
    const maxSpan = sentAt - first.receivedAt;
    const maxRate = maxSpan > 0 ? (stamped + 1000 - first.stamped) / maxSpan : Infinity;
    if (this.rateValue === 1 && minRate <= 1 && maxRate >= 1) {
      this.narrowOffset(sample);
      return;
    }
    // Not a real-time clock: measure the rate between the first sample and this one.
    const span = mid(sample) - mid(first);
    if (span > 0) this.rateValue = Math.max(1e-3, (stamped - first.stamped) / span);
    this.rateSpread = Math.max(0, (Number.isFinite(maxRate) ? maxRate : 2 * this.rateValue) - Math.max(0, minRate));
  }

  private lo = -Infinity;
  private hi = Infinity;

  /** Consistent with a real clock: keep rate 1 and narrow the offset to the tightest bounds seen. */
  private narrowOffset(sample: Sample): void {
    const lo = Math.max(this.lo, sample.stamped - sample.receivedAt);
    const hi = Math.min(this.hi, sample.stamped + 1000 - sample.sentAt);
    if (lo > hi) {
      // Bounds that no longer overlap: the server's clock stepped, or runs at another rate (which
      // the test against the first sample finds once the span is long enough). Start the offset
      // over from this sample.
      this.lo = sample.stamped - sample.receivedAt;
      this.hi = sample.stamped + 1000 - sample.sentAt;
    } else {
      this.lo = lo;
      this.hi = hi;
    }
    this.offset = (this.lo + this.hi) / 2;
  }

  /** A `fetch` that feeds every answer's `Date` header to this estimate. */
  wrapFetch(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const sentAt = this.localNow();
      const response = await inner(input, init);
      this.observe(response.headers.get('date'), sentAt, this.localNow());
      return response;
    };
  }
}

interface Sample {
  /** The header's time (server ms, truncated to the second). */
  readonly stamped: number;
  /** Local ms when the request left and when its answer came. */
  readonly sentAt: number;
  readonly receivedAt: number;
}

const MAX_BOUND_MS = 300_000;

/** Local time the header most likely describes: the middle of the round trip, half a second in. */
const mid = (s: Sample) => (s.sentAt + s.receivedAt) / 2;
