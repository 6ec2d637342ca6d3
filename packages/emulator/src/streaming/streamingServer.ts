import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ChannelRegistry } from '../channels/channelRegistry.js';
import type { FaultController } from '../faults/faultController.js';
import { channelSystemFrame, MALFORMED_FRAMES, socketClosingFrame } from './systemMessages.js';
import { SocketSession } from './socketSession.js';

export interface StreamingServerOptions {
  registry: ChannelRegistry;
  faults: FaultController;
  heartbeatMs: number;
  socketClosingGraceMs: number;
  /** Simulated epoch ms, for the `Date` header of upgrade answers (Genesys stamps its own time). */
  now: () => number;
  /** Called for each new session (the high-rate pump starts here). */
  onSession?: (session: SocketSession) => void;
}

const CHANNEL_PATH = /^\/channels\/([^/?]+)\/?$/;

/** WebSocket close codes the emulator uses. 1000 is a normal close, 4000+ are application codes. */
export const CLOSE_CODES = { normal: 1000, goingAway: 1001, replaced: 4000, channelRemoved: 4001 } as const;

/** The WebSocket side: upgrades at `connectUri`, one socket per channel, system frames on removal. */
export function createStreamingServer(options: StreamingServerOptions) {
  const { registry } = options;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  const sessions = new Set<SocketSession>();
  const dateHeader = () => `Date: ${new Date(options.now()).toUTCString()}`;
  wss.on('headers', (headers) => headers.push(dateHeader()));

  registry.onRemoved((channel, reason) => {
    const session = channel.connection as SocketSession | undefined;
    if (!session?.open) return;
    if (reason === 'evicted') session.sendSystem(channelSystemFrame('no_longer_subscribed', channel.id, channel.clientId));
    if (reason === 'revoked') session.sendSystem(channelSystemFrame('token_revoked', channel.id, channel.clientId));
    session.close(CLOSE_CODES.channelRemoved, `channel ${reason}`);
  });

  function reject(socket: Duplex, status: 401 | 404, text: string): void {
    socket.end(`HTTP/1.1 ${status} ${text}\r\n${dateHeader()}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  }

  return {
    sessions: sessions as ReadonlySet<SocketSession>,
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => socket.destroy());
      const match = CHANNEL_PATH.exec(new URL(req.url ?? '/', 'http://emulator').pathname);
      // Genesys answers an upgrade for a channel it does not know with 404, or 401 once its token is gone.
      if (!match) return reject(socket, 404, 'Not Found');
      const channel = registry.get(decodeURIComponent(match[1] ?? ''));
      if (!channel) return reject(socket, 404, 'Not Found');
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (registry.get(channel.id) !== channel) return ws.close(CLOSE_CODES.channelRemoved, 'channel removed');
        const previous = channel.connection as SocketSession | undefined;
        const session = new SocketSession({
          ws,
          raw: socket,
          channel,
          heartbeatMs: options.heartbeatMs,
          faults: options.faults,
          onClose: (s) => {
            sessions.delete(s);
            if (channel.connection === s) channel.connection = undefined;
          },
        });
        channel.connection = session;
        registry.touch(channel);
        sessions.add(session);
        previous?.close(CLOSE_CODES.replaced, 'another socket connected to this channel');
        options.onSession?.(session);
      });
    },
    dropSockets(): number {
      const open = [...sessions].filter((s) => s.open);
      for (const s of open) s.drop();
      return open.length;
    },
    socketClosing(): number {
      const open = [...sessions].filter((s) => s.open);
      for (const s of open) {
        s.sendSystem(socketClosingFrame());
        s.closeAfter(options.socketClosingGraceMs, CLOSE_CODES.goingAway, 'socket closing for maintenance');
      }
      return open.length;
    },
    sendMalformed(framesPerSocket: number): number {
      let sent = 0;
      for (const s of sessions) {
        for (let i = 0; i < framesPerSocket && s.open; i++, sent++) s.send(MALFORMED_FRAMES[i % MALFORMED_FRAMES.length] ?? 'x');
      }
      return sent;
    },
    close(): void {
      for (const s of sessions) s.close(CLOSE_CODES.goingAway, 'emulator shutting down');
      for (const s of sessions) s.drop();
      wss.close();
    },
  };
}

export type StreamingServer = ReturnType<typeof createStreamingServer>;
