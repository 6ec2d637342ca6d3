export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A maker of one kind of record object (a visit, a participant summary, ...): plain objects, their
 * prototype `Object.prototype` as a literal's, whose keys are then added in order, each only when
 * known. Made by `new` on a function of their own, V8 gives them room for those keys inside the
 * object (it learns how many from the first few); a literal of the first keys followed by the
 * others grows a separate property array three slots at a time, several allocations per object
 * on every change of every conversation. One function per kind, so each is sized to its own keys.
 */
export function plainMaker<T>(): () => Mutable<T> {
  function Plain() {}
  Plain.prototype = Object.prototype;
  const Made = Plain as unknown as new () => Mutable<T>;
  return () => new Made();
}
