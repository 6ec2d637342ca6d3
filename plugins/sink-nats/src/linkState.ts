/**
 * Whether the NATS client is connected, as its status events tell, and a way to wait until it is.
 * The client reconnects on its own; the sink only needs to know when publishing makes sense.
 */
export class LinkState {
  #up = true;
  #waiters = new Set<(up: boolean) => void>();

  down(): void {
    this.#up = false;
  }

  up(): void {
    this.#up = true;
    this.#settle(true);
  }

  /** The sink is closing: nobody waits any longer. */
  closed(): void {
    this.#settle(false);
  }

  /** True at once while connected; else whether the connection came back within `timeoutMs`. */
  whenUp(timeoutMs: number): boolean | Promise<boolean> {
    if (this.#up) return true;
    return new Promise((resolve) => {
      const done = (up: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve(up);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#waiters.add(done);
    });
  }

  #settle(up: boolean): void {
    for (const done of [...this.#waiters]) done(up);
  }
}
