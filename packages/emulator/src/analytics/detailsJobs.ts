import { randomUUID } from 'node:crypto';
import type { AnalyticsConversation } from '../sim/types.js';

/** How long Genesys keeps a job's results after submission. */
const JOB_LIFETIME_MS = 2 * 86_400_000;

export type JobState = 'QUEUED' | 'PENDING' | 'FULFILLED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

interface Job {
  readonly id: string;
  readonly conversations: readonly AnalyticsConversation[];
  /** Wall ms, for the processing delay. */
  readonly submittedAt: number;
  readonly readyAt: number;
  /** Simulated epoch ms: the `submissionDate` clients see, in the same time as everything else they read. */
  readonly submissionDate: number;
  cancelled: boolean;
}

/**
 * Async details jobs. The result is computed at submission (the simulated history cannot change
 * for a finished interval) and becomes FULFILLED after `processingMs` of wall time, so clients
 * exercise their polling loop at any speed. The dates a job reports are simulated time (`simNow`).
 */
export function createDetailsJobs(simNow: () => number, processingMs = 200, now: () => number = Date.now) {
  const jobs = new Map<string, Job>();

  function state(job: Job): JobState {
    if (job.cancelled) return 'CANCELLED';
    const t = now();
    if (t >= job.readyAt) return 'FULFILLED';
    return t - job.submittedAt < processingMs / 2 ? 'QUEUED' : 'PENDING';
  }

  return {
    submit(conversations: readonly AnalyticsConversation[]): string {
      const id = randomUUID();
      const t = now();
      jobs.set(id, { id, conversations, submittedAt: t, readyAt: t + processingMs, submissionDate: simNow(), cancelled: false });
      return id;
    },
    status(id: string): { state: JobState; submissionDate: string; expirationDate: string } | undefined {
      const job = jobs.get(id);
      if (!job) return undefined;
      return {
        state: state(job),
        submissionDate: new Date(job.submissionDate).toISOString(),
        expirationDate: new Date(job.submissionDate + JOB_LIFETIME_MS).toISOString(),
      };
    },
    cancel(id: string): boolean {
      const job = jobs.get(id);
      if (job) job.cancelled = true;
      return job !== undefined;
    },
    /** One page of results; `cursor` is opaque to clients and absent on the last page. */
    results(id: string, cursor: string | null, pageSize: number):
      | { ok: true; conversations: readonly AnalyticsConversation[]; cursor?: string }
      | { ok: false; status: 400 | 404; message: string } {
      const job = jobs.get(id);
      if (!job) return { ok: false, status: 404, message: `Job ${id} not found.` };
      if (state(job) !== 'FULFILLED') return { ok: false, status: 400, message: `Job ${id} is ${state(job)}; wait until its state is FULFILLED.` };
      const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
      if (!Number.isInteger(offset) || offset < 0) return { ok: false, status: 400, message: 'The cursor is not one this job returned.' };
      const conversations = job.conversations.slice(offset, offset + pageSize);
      const next = offset + pageSize;
      return { ok: true, conversations, ...(next < job.conversations.length ? { cursor: Buffer.from(String(next)).toString('base64url') } : {}) };
    },
  };
}

export type DetailsJobs = ReturnType<typeof createDetailsJobs>;
