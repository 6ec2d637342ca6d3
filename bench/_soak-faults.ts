/**
 * The soak's faults, applied through the emulator's fault API in turn, and gcstream's recovery
 * from each, judged from its own /metrics: the fault is noticed (a reconnect, rollover or gap for
 * the faults that break a socket), every socket is back, and frames flow again.
 */
import type { Scrape } from './_prom.ts';

interface FaultKind {
  spec: string;
  /**
   * The fault breaks or replaces sockets, so recovery needs a reconnect, rollover or gap first. A
   * silent socket counts: frames still in flight keep arriving for a second or two after the fault
   * is accepted, which looked like recovery, and the socket is only replaced when gcstream's
   * heartbeat watchdog gives up on it.
   */
  breaksSockets: boolean;
}

export const FAULTS: readonly FaultKind[] = [
  { spec: 'drop-sockets', breaksSockets: true },
  { spec: 'socket-closing', breaksSockets: true },
  { spec: 'expire-channels', breaksSockets: true },
  { spec: 'silent:for=45s', breaksSockets: true },
  { spec: 'revoke-tokens', breaksSockets: true },
  { spec: '429:count=5', breaksSockets: false },
  { spec: 'evict-channels', breaksSockets: true },
  { spec: 'revoke-tokens,token-429:count=3', breaksSockets: true },
];

/** Longer than any fault lasts (silent 45 s) plus a gap's backfill. */
const RECOVERY_LIMIT_S = 150;

export interface FaultResult {
  n: number;
  spec: string;
  atS: number;
  accepted: boolean;
  recovered: boolean;
  recoveryS?: number;
  noticed: boolean;
  socketsBefore: number;
  reconnects: number;
  rollovers: number;
  gaps: number;
  backfilled: number;
  deadLetters: number;
}

interface Pending {
  result: FaultResult;
  kind: FaultKind;
  before: Scrape;
  lastFrames: number;
  armed: boolean;
}

const get = (s: Scrape, name: string): number => s.get(name) ?? 0;
const churn = (s: Scrape): number =>
  get(s, 'gcstream_source_reconnects_total') + get(s, 'gcstream_source_rollovers_total') + get(s, 'gcstream_source_gaps_total');

export class FaultRunner {
  readonly results: FaultResult[] = [];
  private pending: Pending | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly record: (line: object) => void,
    private readonly now: () => number,
  ) {}

  async inject(before: Scrape): Promise<void> {
    if (this.pending) this.finish(false);
    const kind = FAULTS[this.results.length % FAULTS.length]!;
    const atS = Math.round(this.now() * 10) / 10;
    let accepted = false;
    try {
      const response = await fetch(`${this.baseUrl}/_emulator/faults`, { method: 'POST', body: kind.spec, headers: { 'content-type': 'text/plain' } });
      accepted = response.ok;
    } catch {
      accepted = false;
    }
    const result: FaultResult = {
      n: this.results.length + 1, spec: kind.spec, atS, accepted, recovered: false, noticed: false,
      socketsBefore: get(before, 'gcstream_source_connected_sockets'), reconnects: 0, rollovers: 0, gaps: 0, backfilled: 0, deadLetters: 0,
    };
    this.results.push(result);
    this.pending = { result, kind, before, lastFrames: get(before, 'gcstream_source_frames_received_total'), armed: false };
    console.log(`[${atS.toFixed(0)} s] fault ${result.n}: ${kind.spec}${accepted ? '' : ' (refused by the emulator)'}`);
  }

  /** Called with every scrape; settles the pending fault once gcstream is whole again. */
  observe(now: Scrape): void {
    const p = this.pending;
    if (!p) return;
    const { result, before } = p;
    const delta = (name: string): number => get(now, name) - get(before, name);
    result.reconnects = delta('gcstream_source_reconnects_total');
    result.rollovers = delta('gcstream_source_rollovers_total');
    result.gaps = delta('gcstream_source_gaps_total');
    result.backfilled = delta('gcstream_source_backfilled_events_total');
    result.deadLetters = delta('gcstream_dead_letters_total');
    result.noticed = churn(now) > churn(before);
    const frames = get(now, 'gcstream_source_frames_received_total');
    const elapsed = this.now() - result.atS;
    // Frames counted in the first second may have been on the wire before the fault took hold,
    // so "flowing" compares two scrapes taken after it (for a socket fault, the reconnect that
    // must come first already dates the frames).
    const flowing = frames > p.lastFrames && (p.kind.breaksSockets || p.armed);
    p.lastFrames = frames;
    if (elapsed >= 1) p.armed = true;
    const whole = get(now, 'gcstream_source_connected_sockets') >= result.socketsBefore;
    if (elapsed >= 1 && whole && flowing && (result.noticed || !p.kind.breaksSockets)) {
      result.recoveryS = Math.round(elapsed * 10) / 10;
      this.finish(true);
    } else if (elapsed > RECOVERY_LIMIT_S) {
      this.finish(false);
    }
  }

  private finish(recovered: boolean): void {
    const { result } = this.pending!;
    this.pending = undefined;
    result.recovered = recovered;
    this.record({ kind: 'fault', ...result });
    console.log(`[${this.now().toFixed(0)} s] fault ${result.n} (${result.spec}): ${recovered ? `recovered in ${result.recoveryS} s` : 'NOT recovered'}; reconnects ${result.reconnects}, rollovers ${result.rollovers}, gaps ${result.gaps}, backfilled ${result.backfilled}`);
  }

  /** The last fault, still pending when the run ends, is judged as it stands. */
  close(): void {
    if (this.pending) this.finish(false);
  }
}
