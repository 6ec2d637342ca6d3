const UNSET: unique symbol = Symbol('unset');
type Slot<T> = T | typeof UNSET;

/**
 * What is derived from one participant's facts alone, at one `version` of them. A conversation's
 * record is rebuilt on every change, but a change touches one participant, so the others'
 * derivations are reused. Only small values are kept: 50,000 open conversations hold theirs. One fixed shape (not a keyed bag) keeps the lookups monomorphic.
 */
export class ParticipantMemo {
  firstConnected!: Slot<number | undefined>;
  firstDisconnected!: Slot<number | undefined>;
  firstSeen!: Slot<number | undefined>;
  durations!: Slot<unknown>;
  alert!: Slot<number | undefined>;
  takenMediaType!: Slot<string>;
  done!: Slot<boolean>;
  version!: number;

  constructor(version: number) {
    this.reset(version);
  }

  /** Forgets every derivation, for facts now at `version`: reused, not made anew on every change, so no memo outlives a scavenge only to die in the old generation. */
  reset(version: number): void {
    this.firstConnected = this.firstDisconnected = this.firstSeen = this.alert = UNSET;
    this.durations = UNSET;
    this.takenMediaType = UNSET;
    this.done = UNSET;
    this.version = version;
  }
}

export type MemoKey = Exclude<keyof ParticipantMemo, 'version' | 'reset'>;

/** What `memo` needs of a participant's facts (kept structural, so facts.ts can import this file). */
export interface Memoized {
  readonly version: number;
  memo?: ParticipantMemo;
}

/** `derive(p)`, computed once per version of the participant's facts. */
export function memo<P extends Memoized, T>(p: P, key: MemoKey, derive: (p: P) => T): T {
  let m = p.memo;
  if (m === undefined) p.memo = m = new ParticipantMemo(p.version);
  else if (m.version !== p.version) m.reset(p.version);
  const cached = m[key];
  if (cached !== UNSET) return cached as T;
  const value = derive(p);
  (m as unknown as Record<MemoKey, unknown>)[key] = value;
  return value;
}
