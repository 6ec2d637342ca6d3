import type { Random } from './random.js';
import { iso } from './payloadFields.js';

/** Lines a simulated caller (EXTERNAL) and agent (INTERNAL) say; enough variety for analytics demos. */
const CUSTOMER_LINES = [
  'hi I am calling about my last invoice',
  'the charge on my account looks wrong',
  'I would like to upgrade my plan',
  'my order has not arrived yet',
  'can you tell me when the technician will come',
  'I already tried restarting the device',
  'yes that is my account number',
  'okay that makes sense thank you',
  'how long will that take',
  'I want to cancel my subscription',
  'could you send me a confirmation by email',
  'no that is all thanks for your help',
];
const AGENT_LINES = [
  'thank you for calling how can I help you today',
  'let me pull up your account',
  'can you confirm your date of birth please',
  'I can see the charge here let me check it',
  'I have applied a credit to your account',
  'your order is scheduled for delivery tomorrow',
  'I will transfer you to the right team',
  'is there anything else I can help you with',
  'I am sorry for the inconvenience',
  'I have sent the confirmation to your email',
  'please hold for a moment while I check',
  'thank you for your patience have a great day',
];

export interface TranscriptSession {
  readonly conversationId: string;
  readonly communicationId: string;
  readonly organizationId: string;
  readonly sessionStartTimeMs: number;
}

export type TranscriptChannel = 'INTERNAL' | 'EXTERNAL';

/** The fields every transcription notification of a session carries. */
function sessionFields(session: TranscriptSession, time: number) {
  return {
    eventTime: iso(time),
    organizationId: session.organizationId,
    conversationId: session.conversationId,
    communicationId: session.communicationId,
    sessionStartTimeMs: session.sessionStartTimeMs,
    transcriptionStartTimeMs: session.sessionStartTimeMs,
  };
}

/** One utterance notification body for `v2.conversations.{id}.transcription`. */
export function utteranceBody(random: Random, session: TranscriptSession, time: number, channel: TranscriptChannel): Record<string, unknown> {
  const text = random.pick(channel === 'EXTERNAL' ? CUSTOMER_LINES : AGENT_LINES);
  const words = text.split(' ');
  const wordMs = 320;
  const durationMs = words.length * wordMs;
  const offsetMs = Math.max(0, time - session.sessionStartTimeMs - durationMs);
  const confidence = Math.round(random.between(0.78, 0.99) * 1000) / 1000;
  return {
    ...sessionFields(session, time),
    transcripts: [
      {
        utteranceId: random.uuid(),
        isFinal: true,
        channel,
        alternatives: [
          {
            confidence,
            offsetMs,
            durationMs,
            transcript: text,
            words: words.map((word, i) => ({ confidence, offsetMs: offsetMs + i * wordMs, durationMs: wordMs, word })),
          },
        ],
        engineId: 'Genesys',
        dialect: 'en-US',
      },
    ],
    status: { offsetMs: time - session.sessionStartTimeMs, status: 'SESSION_ONGOING' },
  };
}

/** The last notification of a transcription session. */
export function sessionEndedBody(session: TranscriptSession, time: number): Record<string, unknown> {
  return {
    ...sessionFields(session, time),
    transcripts: [],
    status: { offsetMs: time - session.sessionStartTimeMs, status: 'SESSION_ENDED' },
  };
}
