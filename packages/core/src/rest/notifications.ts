import type { RestClient } from './restClient.js';

/** A notification channel as `POST /api/v2/notifications/channels` returns it. */
export interface NotificationChannel {
  readonly id: string;
  readonly connectUri: string;
  /** ISO-8601. */
  readonly expires: string;
}

export interface ChannelTopic {
  readonly id: string;
  readonly state?: 'Permitted' | 'Rejected';
  readonly rejectionReason?: string;
  readonly missingPermissions?: readonly string[];
}

export function createChannel(rest: RestClient): Promise<NotificationChannel> {
  return rest.request<NotificationChannel>('POST', '/api/v2/notifications/channels');
}

/**
 * Replaces a channel's whole subscription list. PUT rather than POST so that retrying, and
 * dropping ended transcription topics, are both the same idempotent call. `ignoreErrors` keeps the
 * permitted topics when some fail a permission check; the rejected ones are returned.
 */
export async function setSubscriptions(rest: RestClient, channelId: string, topics: readonly string[]): Promise<ChannelTopic[]> {
  const result = await rest.request<{ entities?: ChannelTopic[] } | undefined>(
    'PUT',
    `/api/v2/notifications/channels/${encodeURIComponent(channelId)}/subscriptions?ignoreErrors=true`,
    topics.map((id) => ({ id })),
  );
  return (result?.entities ?? []).filter((t) => t.state === 'Rejected');
}
