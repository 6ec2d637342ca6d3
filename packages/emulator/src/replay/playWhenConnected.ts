import type { RunningEmulator } from '../server/options.js';
import type { ReplayCenter } from './replayCenter.js';

/**
 * Starts the recording once a client has a socket open. Subscriptions are made before a socket
 * connects (as gcstream does) or right after it; `settleMs` covers the latter. Returns a stop.
 */
export function playWhenConnected(running: RunningEmulator, center: ReplayCenter, settleMs = 250): () => void {
  let settle: ReturnType<typeof setTimeout> | undefined;
  const poll = setInterval(() => {
    if (running.stats().sockets === 0) return;
    clearInterval(poll);
    settle = setTimeout(() => center.play(), settleMs);
  }, 20);
  return () => {
    clearInterval(poll);
    if (settle) clearTimeout(settle);
  };
}
