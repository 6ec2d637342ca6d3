// Number and time formats of the wallboard. Plain ES module: the page loads it as is, and the
// package's tests import it in Node.

const DASH = '–';

/** 75000 → "1:15", 3725000 → "1:02:05"; null → "–". */
export function duration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 0.853 → "85%"; null → "–". */
export function percent(ratio) {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return `${Math.round(ratio * 100)}%`;
}

/** Epoch ms → "HH:MM:SS" on the viewer's clock. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** Epoch ms → "HH:MM" on the viewer's clock. */
export function hourMinute(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** 20000 → "20 s", 90000 → "90 s", 86400000 → "24 h". */
export function threshold(ms) {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms >= 600_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/**
 * The longest wait now: what the server last said, plus the time since it said it. Between two
 * updates a waiting customer keeps waiting, so the number keeps growing on the wall.
 * `serverOffset` is the server's clock minus the viewer's.
 */
export function longestWaitNow(live, serverOffset, now) {
  if (live.longestWaitMs === null || live.waiting === 0) return null;
  return live.longestWaitMs + Math.max(0, now + serverOffset - live.seenAt);
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
