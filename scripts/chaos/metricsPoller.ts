import { createServer } from 'node:net';

export interface Sample {
  readonly at: number;
  readonly sockets: number;
  readonly frames: number;
  /** Gaps closed and waiting for their backfill (NaN when /metrics did not answer). */
  readonly unfilled: number;
}

/** A port nothing listens on now, for gcstream's metrics (each restart binds the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Reads gcstream's /metrics every `everyMs` for the whole run (also across restarts, on the same
 * port): connected sockets and frames received, to time how long each fault kept events away.
 */
export function pollMetrics(port: number, everyMs = 200) {
  const samples: Sample[] = [];
  let stopped = false;
  const read = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const loop = (async () => {
    while (!stopped) {
      try {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(1000) })).text();
        // The gauge appears with the first gap: absent, nothing ever waited for a backfill.
        const unfilled = read(text, 'gcstream_source_unfilled_gaps');
        samples.push({ at: Date.now(), sockets: read(text, 'gcstream_source_connected_sockets'), frames: read(text, 'gcstream_source_frames_received_total'), unfilled: Number.isNaN(unfilled) ? 0 : unfilled });
      } catch {
        samples.push({ at: Date.now(), sockets: 0, frames: Number.NaN, unfilled: Number.NaN });
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    samples,
    /**
     * When frames flowed again on a connected socket after a fault at `from`: after the outage when
     * one shows within 2 s (no socket, no frames), else at the first sample (it healed between reads).
     */
    recoveredAfter(from: number, notBefore = from): number | undefined {
      const after = samples.filter((s) => s.at > from);
      const flowing = (s: Sample, i: number) => s.sockets >= 1 && Number.isFinite(s.frames) && i > 0 && s.frames > after[i - 1]!.frames;
      const outage = after.findIndex((s, i) => s.at - from < 2000 && i > 0 && !flowing(s, i));
      const found = after.find((s, i) => i > Math.max(0, outage) && s.at >= notBefore && flowing(s, i));
      return found?.at;
    },
    /**
     * Waits, up to `maxMs`, until a socket is up and no gap waits for its backfill in two reads in
     * a row; returns when that was, or undefined if it never was.
     */
    async settled(maxMs: number): Promise<number | undefined> {
      const until = Date.now() + maxMs;
      const calm = (s: Sample | undefined) => s !== undefined && s.sockets >= 1 && s.unfilled === 0;
      while (Date.now() < until) {
        const [a, b] = samples.slice(-2);
        if (calm(a) && calm(b)) return b!.at;
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
      return undefined;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
