import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Channel, ChannelConnection } from '../channels/channelRegistry.js';
import type { FaultController } from '../faults/faultController.js';
import { flushHeld, shapeFrame, type ShapedSocket } from '../faults/frameShaper.js';
import { HEARTBEAT_FRAME, PONG_FRAME } from './systemMessages.js';

export interface SocketSessionOptions {
  ws: WebSocket;
  /** The upgraded TCP socket under `ws`, for writing pre-built frames in bulk (high-rate mode). */
  raw?: Duplex;
  channel: Channel;
  /** Wall ms between heartbeats. */
  heartbeatMs: number;
  faults: FaultController;
  onClose(session: SocketSession): void;
}

/** One client WebSocket on one channel: heartbeats, ping/pong, and the send path. */
export class SocketSession implements ChannelConnection, ShapedSocket {
  readonly ws: WebSocket;
  readonly raw: Duplex | undefined;
  readonly channel: Channel;
  held: ShapedSocket['held'];
  /** Frames handed to the socket (events, system frames, heartbeats). */
  sent = 0;
  private readonly faults: FaultController;
  private readonly heartbeat: NodeJS.Timeout;
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(options: SocketSessionOptions) {
    this.ws = options.ws;
    this.raw = options.raw;
    this.channel = options.channel;
    this.faults = options.faults;
    this.heartbeat = setInterval(() => {
      if (!this.faults.silent) this.send(HEARTBEAT_FRAME);
    }, options.heartbeatMs);
    this.heartbeat.unref();
    this.ws.on('message', (data, isBinary) => this.onClientFrame(isBinary ? '' : data.toString()));
    this.ws.on('close', () => {
      clearInterval(this.heartbeat);
      clearTimeout(this.closeTimer);
      if (this.held) clearTimeout(this.held.timer);
      options.onClose(this);
    });
    // A client that vanishes mid-write must not crash the server.
    this.ws.on('error', () => {});
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(frame: string): void {
    if (!this.open) return;
    this.sent += 1;
    this.ws.send(frame);
  }

  /** An event frame, through any active frame faults. */
  deliver(frame: string): void {
    if (this.faults.silent || !this.open) return;
    if (this.faults.frames.active) shapeFrame(this, frame, this.faults.frames, this.faults.random);
    else this.send(frame);
  }

  /** A system frame: not shaped, but a silent socket carries nothing. */
  sendSystem(frame: string): void {
    if (!this.faults.silent) this.send(frame);
  }

  close(code: number, reason: string): void {
    flushHeld(this);
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }

  /** Closes after `graceMs`, as Genesys does about a minute after `socket_closing`. */
  closeAfter(graceMs: number, code: number, reason: string): void {
    clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => this.close(code, reason), graceMs);
    this.closeTimer.unref();
  }

  /** Drops the TCP connection with no close frame, the way a network failure does. */
  drop(): void {
    this.ws.terminate();
  }

  private onClientFrame(text: string): void {
    // Clients send all sorts of text (the Genesys CLI sends timestamps); only a ping gets an answer.
    if (!text.includes('ping')) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message === 'object' && message !== null && (message as { message?: unknown }).message === 'ping') {
      if (!this.faults.silent) this.send(PONG_FRAME);
    }
  }
}
