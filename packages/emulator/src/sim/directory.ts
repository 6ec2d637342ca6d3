import type { MediaKind } from './media.js';

/** The org's queues and users as the simulation sees them: what routing and discovery need. */

export interface SimQueue {
  readonly id: string;
  readonly name: string;
  /** Media types served, e.g. `['voice', 'chat']`. */
  readonly mediaTypes: readonly MediaKind[];
}

export interface SimUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly queueIds: readonly string[];
  readonly skills: readonly string[];
}
