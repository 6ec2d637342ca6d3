export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Never true: `Plain`'s stores below never run. V8 only counts them (see `plainMaker`). */
const never = false;

/** The most keys a kind of record object can have: `Plain` counts this many stores. */
const MOST_KEYS = 24;

/**
 * A maker of one kind of record object (a visit, a participant summary, ...): plain objects, their
 * prototype `Object.prototype` as a literal's, whose keys are then added in order, each only when
 * known. `keys` names every key the kind has, in the order they are added.
 *
 * V8 gives objects made by `new` on a function room inside them for as many keys as that
 * function's body has `this.` stores (run or not), plus eight; the first seven objects made then
 * decide how much of that room every later one keeps. With an empty function, a visit had room
 * for ten keys, and its other twelve went to a separate array that grew three slots at a time;
 * in a process whose first visits were of conversations just queued (five keys), every later
 * visit kept five inside and grew that array four times. So `Plain` counts `MOST_KEYS` stores
 * it never runs, and each kind's first objects are made with all of its keys, set to undefined:
 * every object of the kind then holds all its keys inside itself.
 */
export function plainMaker<T>(): <const K extends readonly (keyof T & string)[]>(keys: K & (Exclude<keyof T, K[number]> extends never ? unknown : never)) => () => Mutable<T> {
  return (keys) => {
    if (keys.length > MOST_KEYS) throw new RangeError(`[gcstream] a record kind of ${keys.length} keys: plainMaker has room for ${MOST_KEYS}`);
    function Plain(this: Record<string, unknown>) {
      if (never) this.k0 = this.k1 = this.k2 = this.k3 = this.k4 = this.k5 = this.k6 = this.k7 = this.k8 = this.k9 = this.k10 = this.k11 = this.k12 = this.k13 = this.k14 = this.k15 = this.k16 = this.k17 = this.k18 = this.k19 = this.k20 = this.k21 = this.k22 = this.k23 = undefined;
    }
    Plain.prototype = Object.prototype;
    const Made = Plain as unknown as new () => Mutable<T>;
    // More than V8's count of objects that decide the room (seven).
    for (let i = 0; i < 8; i++) {
      const first = new Made() as Record<string, unknown>;
      for (const key of keys) first[key] = undefined;
    }
    return () => new Made();
  };
}
