import { MALFORMED_FRAMES } from '../streaming/systemMessages.js';
import type { FrameFaults } from './faultController.js';

/** How long a reordered frame waits for a later one to overtake it before it is sent anyway. */
const REORDER_HOLD_MS = 250;

export interface ShapedSocket {
  send(frame: string): void;
  readonly open: boolean;
  /** A frame held back for reordering, sent after the next one. */
  held?: { frame: string; timer: NodeJS.Timeout } | undefined;
}

/**
 * Applies per-frame faults on the way to one socket: inject malformed frames, duplicate, delay, or
 * reorder. Only called while some frame fault is on, so the normal send path stays a plain send.
 */
export function shapeFrame(socket: ShapedSocket, frame: string, faults: FrameFaults, random: () => number): void {
  if (faults.malformedRate > 0 && random() < faults.malformedRate) {
    socket.send(MALFORMED_FRAMES[Math.floor(random() * MALFORMED_FRAMES.length)] ?? 'not json');
  }
  if (faults.delayRate > 0 && random() < faults.delayRate) {
    setTimeout(() => socket.open && socket.send(frame), faults.delayMs).unref();
    return;
  }
  if (faults.reorderRate > 0 && !socket.held && random() < faults.reorderRate) {
    const timer = setTimeout(() => flushHeld(socket), REORDER_HOLD_MS);
    timer.unref();
    socket.held = { frame, timer };
    return;
  }
  socket.send(frame);
  if (faults.duplicateRate > 0 && random() < faults.duplicateRate) socket.send(frame);
  flushHeld(socket);
}

export function flushHeld(socket: ShapedSocket): void {
  const held = socket.held;
  if (!held) return;
  socket.held = undefined;
  clearTimeout(held.timer);
  if (socket.open) socket.send(held.frame);
}
