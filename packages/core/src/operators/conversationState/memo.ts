/** A memo field not derived since the facts last changed. */
export const UNSET: unique symbol = Symbol('unset');
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

/** What `currentMemo` needs of a participant's facts (kept structural, so facts.ts can import this file). */
export interface Memoized {
  readonly version: number;
  memo?: ParticipantMemo;
}

/**
 * The memo of `p`'s facts at their current version: made on first use, reset when the facts moved
 * on. Each derivation then reads and writes its own field by name (`m.alert !== UNSET ? m.alert :
 * (m.alert = deriveAlert(p))`): one `memo(p, key, derive)` for every field read them through a
 * computed key, a megamorphic keyed load and store on every call.
 */
export function currentMemo(p: Memoized): ParticipantMemo {
  const m = p.memo;
  if (m === undefined) return (p.memo = new ParticipantMemo(p.version));
  if (m.version !== p.version) m.reset(p.version);
  return m;
}
