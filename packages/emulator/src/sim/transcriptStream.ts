import type { SimEngine } from './engine.js';
import { sessionEndedBody, utteranceBody, type TranscriptChannel, type TranscriptSession } from './transcription.js';

/**
 * The transcription of one voice conversation: utterances from both channels while the caller and
 * an agent are talking (none while held or queued), then SESSION_ENDED.
 */
export class TranscriptStream {
  private session?: TranscriptSession;
  private pending = false;
  private lastChannel: TranscriptChannel = 'EXTERNAL';

  constructor(
    private readonly engine: SimEngine,
    private readonly conversationId: string,
    /** Whether someone is talking right now (an agent connected, not on hold). */
    private readonly talking: () => boolean,
  ) {}

  get started(): boolean {
    return this.session !== undefined;
  }

  /** Starts the session on the caller's call (its id is the `communicationId`). */
  start(communicationId: string): void {
    if (this.session || !this.engine.config.transcription) return;
    this.session = {
      conversationId: this.conversationId,
      communicationId,
      organizationId: this.engine.config.organizationId,
      sessionStartTimeMs: this.engine.now,
    };
    this.scheduleNext();
  }

  end(): void {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    this.emit(sessionEndedBody(session, this.engine.now));
  }

  private emit(body: Record<string, unknown>): void {
    this.engine.emit(`v2.conversations.${this.conversationId}.transcription`, body, this.conversationId);
  }

  private scheduleNext(): void {
    if (this.pending) return;
    this.pending = true;
    const { random, scheduler } = this.engine;
    const gap = random.exponential(6_000) + 2_000;
    // While the warm start plays the history nobody hears the words: one wake-up just after it.
    const { quiet, now, config } = this.engine;
    scheduler.after(quiet ? Math.max(gap, config.liveFrom - now + gap) : gap, () => {
      this.pending = false;
      const session = this.session;
      if (!session) return;
      if (this.talking()) {
        // Mostly turn-taking, sometimes the same side goes on.
        const channel: TranscriptChannel = random.chance(0.8) ? (this.lastChannel === 'INTERNAL' ? 'EXTERNAL' : 'INTERNAL') : this.lastChannel;
        this.lastChannel = channel;
        this.emit(utteranceBody(random, session, this.engine.now, channel));
      }
      this.scheduleNext();
    });
  }
}
