/**
 * The frame text of generated notifications, kept beside them: a property run decodes the same
 * notification many times (each run, each shrink step), and serializing a conversation body was
 * most of the cost of a run.
 */
const texts = new WeakMap<object, string>();

export function rememberFrameText(envelope: object, text: string): void {
  texts.set(envelope, text);
}

export function frameTextOf(envelope: object): string {
  return texts.get(envelope) ?? JSON.stringify(envelope);
}
