import type { SourceStatus, SourceStatusBase } from '@gcstream/core';

/** Seconds without a frame on connected sockets before the status line says so. */
export const QUIET_AFTER_SECONDS = 15;

/**
 * The source's part of the status line, in words: what it is doing when nothing flows (logging
 * in, retrying after a refusal or a 429, a socket gone quiet), not only how many sockets it has.
 */
export function describeSource(status: SourceStatusBase, secondsSinceFrame: number): string[] {
  const genesys = status as Partial<SourceStatus>;
  const parts: string[] = [];
  if (status.state === 'starting') parts.push('source starting');
  if (status.state === 'failed') parts.push('source failed');
  if (genesys.connectedSockets !== undefined) {
    const channels = genesys.channels?.length ?? 0;
    const sockets = channels > genesys.connectedSockets ? `${genesys.connectedSockets}/${channels} sockets` : `${genesys.connectedSockets} socket${genesys.connectedSockets === 1 ? '' : 's'}`;
    parts.push(`${sockets}, ${genesys.reconnects ?? 0} reconnects`);
  }
  if (genesys.backfilled) parts.push(`${genesys.backfilled} backfilled`);
  const gaps = genesys.gaps;
  if (gaps?.open) parts.push(`${gaps.open} gap${gaps.open === 1 ? '' : 's'} open`);
  if (gaps?.unfilled) parts.push(`${gaps.unfilled} gap${gaps.unfilled === 1 ? '' : 's'} waiting for backfill`);
  if (gaps?.lostMs) parts.push(`${Math.round(gaps.lostMs / 1000)} s lost`);
  if (status.state === 'running' && secondsSinceFrame >= QUIET_AFTER_SECONDS) parts.push(`no events for ${Math.floor(secondsSinceFrame)}s`);
  // What is failing comes last: the line is cut at the terminal's width, and it is the longest part.
  for (const problem of genesys.problems ?? []) parts.push(`⚠ ${problem}`);
  return parts;
}
