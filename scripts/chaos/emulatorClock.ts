/**
 * The emulator's clock against wall time. At `--speed 60` its simulated time runs 60 times faster
 * only while the machine keeps up: a loaded machine slows it. So the clock is read (its Date
 * header) every `everyMs`, and times are mapped between the two by the nearest readings.
 */
export function sampleEmulatorClock(baseUrl: string, speed: number, everyMs = 250) {
  const readings: Array<{ wall: number; sim: number }> = [];
  let stopped = false;
  const read = async () => {
    const before = Date.now();
    const date = (await fetch(`${baseUrl}/_emulator/status`, { signal: AbortSignal.timeout(5000) })).headers.get('date');
    const sim = Date.parse(date ?? '');
    // The Date header has whole seconds: the middle of that second is the best guess.
    if (Number.isFinite(sim)) readings.push({ wall: (before + Date.now()) / 2, sim: sim + 500 });
  };
  const loop = (async () => {
    while (!stopped) {
      await read().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  /** Linear between the two readings around `x` (by `key`), extended from the end ones. */
  const map = (x: number, from: 'wall' | 'sim', to: 'wall' | 'sim') => {
    if (readings.length === 0) return Number.NaN;
    const scale = from === 'wall' ? speed : 1 / speed;
    let i = readings.findIndex((r) => r[from] >= x);
    if (i === -1) {
      const last = readings.at(-1)!;
      return last[to] + (x - last[from]) * scale;
    }
    if (i === 0) return readings[0]![to] + (x - readings[0]![from]) * scale;
    // Readings a whole second apart in sim time are coarse; span a few for a steadier rate.
    const a = readings[Math.max(0, i - 4)]!;
    const b = readings[Math.min(readings.length - 1, i + 3)]!;
    if (b[from] === a[from]) return a[to];
    return a[to] + ((x - a[from]) * (b[to] - a[to])) / (b[from] - a[from]);
  };
  return {
    /** Resolves at the first reading; a busy emulator (a large warm start) may take a while to answer. */
    async ready() {
      for (let attempt = 0; readings.length === 0 && attempt < 60; attempt++) await read().catch(() => new Promise((r) => setTimeout(r, 500)));
    },
    toSim: (wall: number) => map(wall, 'wall', 'sim'),
    toWall: (sim: number) => map(sim, 'sim', 'wall'),
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
