import type { ParticipantFacts } from './facts.js';

/**
 * What is derived from one participant's facts (first connect, durations, its summary), kept
 * until a merge changes that participant: a conversation's record is rebuilt on every change,
 * but a change touches one participant, so the others' derivations are reused.
 */
export function memo<T>(p: ParticipantFacts, key: string, derive: (p: ParticipantFacts) => T): T {
  let m = p.memo;
  if (m === undefined || m.version !== p.version) p.memo = m = { version: p.version };
  if (key in m) return m[key] as T;
  const value = derive(p);
  m[key] = value;
  return value;
}
