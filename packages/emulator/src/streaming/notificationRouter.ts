import { randomUUID } from 'node:crypto';
import type { ChannelRegistry } from '../channels/channelRegistry.js';
import type { SimNotification } from '../sim/types.js';
import type { TruthLog } from '../truth/truthLog.js';
import type { SocketSession } from './socketSession.js';

/**
 * Turns each simulated notification into the Genesys envelope, records it in the ground truth,
 * and sends the same serialized frame (one CorrelationId) to every channel subscribed to its topic.
 */
export function createNotificationRouter(registry: ChannelRegistry, truth: TruthLog) {
  let routed = 0;
  return {
    publish(notification: SimNotification): void {
      const correlationId = randomUUID();
      const { topicName } = notification;
      truth.record({ topicName, correlationId, conversationId: notification.conversationId ?? null, time: notification.time });
      const channels = registry.index.channelsFor(topicName);
      if (!channels || channels.size === 0) return;
      const frame = JSON.stringify({ topicName, version: '2', eventBody: notification.eventBody, metadata: { CorrelationId: correlationId } });
      for (const channel of channels) {
        const session = channel.connection as SocketSession | undefined;
        if (session) {
          session.deliver(frame);
          routed += 1;
        }
      }
    },
    /** Frames handed to sockets so far (a notification on three channels counts three). */
    get routed(): number {
      return routed;
    },
  };
}
