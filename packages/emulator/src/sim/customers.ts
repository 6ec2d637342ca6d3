import type { Random } from './random.js';
import type { MediaKind } from './media.js';

const FIRST = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Robin', 'Drew'];
const LAST = ['Smith', 'Garcia', 'Nguyen', 'Muller', 'Rossi', 'Dubois', 'Khan', 'Johansson', 'Ivanova', 'Costa'];
const SUBJECTS = ['Question about my invoice', 'Order not delivered', 'Change my plan', 'Refund request', 'Password reset not working'];

export const WRAPUP_CODES = [
  { id: '7fb334b0-0e9e-11e4-9191-0800200c9a66', name: 'Resolved' },
  { id: '8a1a0e64-4c6b-4e7a-9a3e-2f1d9c0b1a01', name: 'Follow-up needed' },
  { id: '9c2b1f75-5d7c-4f8b-8b4f-3e2eac1c2b02', name: 'Sale' },
  { id: 'ad3c2086-6e8d-409c-9c50-4f3fbd2d3c03', name: 'Escalated' },
] as const;

/** Who is contacting the center, and the media fields that follow from it. */
export interface CustomerProfile {
  readonly name: string;
  /** Phone number, email address or messaging handle, by media type. */
  readonly address: string;
  /** Media fields on the customer's and ACD's session (subject, callbackNumbers, roomId, ...). */
  readonly mediaExtra: Record<string, unknown>;
  /** Media fields on the agent's session. */
  readonly agentExtra: Record<string, unknown>;
  /** Set when the customer is a known external contact. */
  readonly externalContactId?: string;
}

export function customerProfile(random: Random, kind: MediaKind): CustomerProfile {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const name = `${first} ${last}`;
  const phone = `+1555${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
  const email = `${first}.${last}@example.net`.toLowerCase();
  const externalContactId = random.chance(0.4) ? random.uuid() : undefined;
  const base = { name, ...(externalContactId ? { externalContactId } : {}) };
  switch (kind) {
    case 'voice':
      return { ...base, address: phone, mediaExtra: {}, agentExtra: {} };
    case 'chat': {
      const roomId = random.uuid();
      return { ...base, address: name, mediaExtra: { roomId }, agentExtra: { roomId } };
    }
    case 'message':
      return { ...base, address: phone, mediaExtra: { type: 'webmessaging', messages: [] }, agentExtra: { type: 'webmessaging', messages: [] } };
    case 'email': {
      const subject = random.pick(SUBJECTS);
      return { ...base, address: email, mediaExtra: { subject, messagesSent: 0 }, agentExtra: { subject, messagesSent: 0 } };
    }
    case 'callback': {
      const extra = { callbackNumbers: [phone], callbackUserName: name, skipEnabled: true, timeoutSeconds: 0 };
      return { ...base, address: phone, mediaExtra: extra, agentExtra: extra };
    }
  }
}
