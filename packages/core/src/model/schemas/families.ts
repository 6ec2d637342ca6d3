/**
 * The payload schemas of the Genesys topic families gcstream understands. Each one names only the
 * fields the pipeline relies on and lets every other field through (`looseObject`): Genesys adds
 * fields without notice, and an unknown field must never turn an event into a dead letter.
 */
import { z } from 'zod';
import type { EventFamily } from '../events.js';

/** ISO-8601 text as Genesys sends it, or epoch milliseconds. */
const timeSchema = z.union([z.string(), z.number()]);

/** One media item of a participant (`calls[]`, `chats[]`, ...): the state lives here. */
export const mediaItemSchema = z.looseObject({
  id: z.string().optional(),
  state: z.string().optional(),
  connectedTime: z.string().optional(),
  disconnectedTime: z.string().optional(),
});

const mediaList = z.array(mediaItemSchema).optional();

export const participantSchema = z.looseObject({
  id: z.string(),
  purpose: z.string().optional(),
  userId: z.string().optional(),
  queueId: z.string().optional(),
  connectedTime: z.string().optional(),
  endTime: z.string().optional(),
  calls: mediaList,
  callbacks: mediaList,
  chats: mediaList,
  emails: mediaList,
  messages: mediaList,
  videos: mediaList,
});

/** `v2.routing.queues.{id}.conversations` and `v2.users.{id}.conversations`, with media suffixes. */
export const conversationBodySchema = z.looseObject({
  id: z.string(),
  participants: z.array(participantSchema),
});

/** `v2.conversations.{id}.transcription`. */
export const transcriptionBodySchema = z.looseObject({
  eventTime: timeSchema,
  conversationId: z.string(),
  transcripts: z
    .array(z.looseObject({ utteranceId: z.string().optional(), isFinal: z.boolean().optional(), channel: z.string().optional() }))
    .optional(),
  status: z.looseObject({ status: z.string().optional() }).optional(),
});

/** `v2.detail.events.conversation.{id}.<event>`: flat bodies, `eventTime` in epoch milliseconds. */
export const detailBodySchema = z.looseObject({
  eventTime: z.number(),
  conversationId: z.string(),
  participantId: z.string().optional(),
  queueId: z.string().optional(),
  userId: z.string().optional(),
  mediaType: z.string().optional(),
});

/** `v2.analytics.queues.{id}.observations`. */
export const observationBodySchema = z.looseObject({
  group: z.looseObject({ queueId: z.string().optional(), mediaType: z.string().optional() }),
  data: z.array(
    z.looseObject({
      interval: z.string(),
      metrics: z.array(z.looseObject({ metric: z.string(), stats: z.record(z.string(), z.unknown()) })),
    }),
  ),
});

/** `v2.users.{id}.presence`. */
export const presenceBodySchema = z.looseObject({
  presenceDefinition: z.looseObject({ id: z.string().optional(), systemPresence: z.string() }),
  modifiedDate: z.string().optional(),
  primary: z.boolean().optional(),
});

/** `v2.users.{id}.routingStatus`. */
export const routingStatusBodySchema = z.looseObject({
  id: z.string().optional(),
  routingStatus: z.looseObject({ status: z.string(), startTime: z.string().optional() }),
});

/** `v2.users.{id}.activity`. */
export const activityBodySchema = z.looseObject({
  id: z.string(),
  routingStatus: z.looseObject({ status: z.string().optional(), startTime: z.string().optional() }).optional(),
  presence: z.looseObject({ presenceDefinition: z.looseObject({ systemPresence: z.string().optional() }).optional() }).optional(),
  activeQueueIds: z.array(z.string()).optional(),
});

export type ConversationBody = z.output<typeof conversationBodySchema>;
export type ConversationParticipant = z.output<typeof participantSchema>;
export type ConversationMediaItem = z.output<typeof mediaItemSchema>;
export type TranscriptionBody = z.output<typeof transcriptionBodySchema>;
export type DetailBody = z.output<typeof detailBodySchema>;
export type ObservationBody = z.output<typeof observationBodySchema>;
export type PresenceBody = z.output<typeof presenceBodySchema>;
export type RoutingStatusBody = z.output<typeof routingStatusBodySchema>;
export type ActivityBody = z.output<typeof activityBodySchema>;

/** The body schema of each family that has one; `system` and `unknown` bodies pass unchecked. */
export const familyBodySchemas: Partial<Record<EventFamily, z.ZodType>> = {
  conversation: conversationBodySchema,
  transcription: transcriptionBodySchema,
  detail: detailBodySchema,
  observation: observationBodySchema,
  presence: presenceBodySchema,
  'routing-status': routingStatusBodySchema,
  activity: activityBodySchema,
};

/**
 * The same schemas compiled ahead of time: decode runs one of them per frame, and the compiled
 * fast path avoids the per-node dispatch of the regular parser. Invalid input falls back to the
 * regular parser, so error messages are identical.
 */
export const compiledFamilyBodySchemas: Partial<Record<EventFamily, z.ZodType>> = Object.fromEntries(
  Object.entries(familyBodySchemas).map(([family, schema]) => [family, z.compile(schema as z.ZodType)]),
);
