import { createInterface } from 'node:readline';

export type Answer<T> = { readonly value: T } | { readonly problem: string };

/**
 * Asks questions on a terminal or a pipe. Lines are read through one iterator, so answers piped in
 * before a question is printed are not lost (readline's `question` drops them).
 */
export class Prompter {
  readonly #lines: AsyncIterator<string>;
  readonly #close: () => void;

  constructor(
    input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {
    const rl = createInterface({ input, terminal: false });
    this.#lines = rl[Symbol.asyncIterator]();
    this.#close = () => rl.close();
  }

  /** Asks until `accept` takes the answer (an empty one means `fallback`); at end of input, the fallback. */
  async ask<T>(question: string, fallback: string, accept: (answer: string) => Answer<T>): Promise<T> {
    for (;;) {
      this.output.write(`${question} [${fallback}]: `);
      const next = await this.#lines.next();
      if (next.done) this.output.write('\n');
      const result = accept(next.done ? fallback : next.value.trim() || fallback);
      if ('value' in result) return result.value;
      this.output.write(`${result.problem}\n`);
      // Input ended: asking again would loop forever, so the default stands.
      if (next.done) {
        const settled = accept(fallback);
        if ('value' in settled) return settled.value;
        throw new Error(settled.problem);
      }
    }
  }

  close(): void {
    this.#close();
  }
}
