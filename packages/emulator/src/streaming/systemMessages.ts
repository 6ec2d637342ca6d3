import { randomUUID } from 'node:crypto';

/** Frames Genesys sends on every channel without a subscription. Constant ones are serialized once. */
export const HEARTBEAT_FRAME = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
export const PONG_FRAME = JSON.stringify({ topicName: 'channel.metadata', eventBody: { message: 'pong' } });

export const EMULATOR_ORGANIZATION_ID = '00000000-0000-4000-8000-00000000e0e0';

function envelope(topicName: string, eventBody: unknown): string {
  return JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: randomUUID() } });
}

export function socketClosingFrame(): string {
  return envelope('v2.system.socket_closing', { message: 'The socket will close soon for maintenance; open a new one.' });
}

export function channelSystemFrame(
  kind: 'no_longer_subscribed' | 'token_revoked',
  channelId: string,
  oauthClientId: string,
): string {
  const correlationId = randomUUID();
  return JSON.stringify({
    topicName: `v2.system.${kind}.${channelId}`,
    version: '2',
    eventBody: {
      channelId,
      systemTopicType: kind,
      reason: kind === 'token_revoked' ? 'user_tokens_revoked' : 'another_channel_subscribed',
      correlationId,
      organizationId: EMULATOR_ORGANIZATION_ID,
      oauthClientId,
      message:
        kind === 'token_revoked'
          ? 'The token that created this channel was revoked; the channel no longer receives notifications.'
          : 'This channel was removed because the client reached its channel limit; it no longer receives notifications.',
    },
    metadata: { CorrelationId: correlationId },
  });
}

/** Frames a client must survive: not JSON, cut short, or JSON of the wrong shape. */
export const MALFORMED_FRAMES: readonly string[] = [
  '{"topicName":"v2.routing.queues.',
  'not json at all',
  '{"topicName":42,"version":"2","eventBody":null}',
  '[]',
  '{"version":"2","eventBody":{"id":"x"},"metadata":{}}',
];
