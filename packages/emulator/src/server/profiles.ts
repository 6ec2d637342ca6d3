import type { ContactCenterOptions } from '../sim/options.js';

/** Named contact-center sizes: `small` (the default), `medium`, `large` and `enterprise`. */
export type ProfileName = 'small' | 'medium' | 'large' | 'enterprise';

export interface CenterProfile {
  readonly queues: number;
  readonly agents: number;
  /** Arrivals per minute per queue. */
  readonly arrivalRatePerMinute: number;
  /**
   * Simulated history played at a warm start. Bigger centers play less, so that they too are ready
   * within seconds; the history still spans several half-hour intervals of analytics.
   */
  readonly historyMs: number;
}

const HOUR = 3_600_000;

/**
 * Sized so that agents are busy most of the time without queues growing without end (about one
 * arrival per minute for every four to five agents with the default durations), and so that every
 * topic family (queue and user conversations of every media, presence, routing status, activity,
 * detail events, transcription, observations) carries traffic at speed 1. `small` has five queues
 * busy enough that a new user subscribing to them sees conversation events on each within seconds
 * (within 15 s for each of twelve seeds tried, in simulated time after the start).
 */
export const PROFILES: Readonly<Record<ProfileName, CenterProfile>> = {
  small: { queues: 5, agents: 80, arrivalRatePerMinute: 4, historyMs: HOUR },
  medium: { queues: 20, agents: 200, arrivalRatePerMinute: 2.25, historyMs: HOUR },
  large: { queues: 60, agents: 1000, arrivalRatePerMinute: 3.75, historyMs: HOUR / 2 },
  enterprise: { queues: 200, agents: 5000, arrivalRatePerMinute: 5.6, historyMs: HOUR / 4 },
};

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** The profile's sizes, under what the caller set explicitly. */
export function profileCenter(profile: CenterProfile, explicit: Partial<ContactCenterOptions>): Partial<ContactCenterOptions> {
  const given = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined));
  return { queues: profile.queues, agents: profile.agents, arrivalRatePerMinute: profile.arrivalRatePerMinute, ...given };
}
