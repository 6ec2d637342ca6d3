// Reads a conversation notification's queue visits: one per ACD participant, entered when its
// media connected, left when that media disconnected (answered, abandoned or flowed out).

const MEDIA_LISTS = ['calls', 'callbacks', 'chats', 'emails', 'messages', 'videos'];

const time = (text) => {
  const ms = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/**
 * @param {unknown} body the eventBody of a `v2.routing.queues.{id}.conversations` notification
 * @returns {{ id: string, queueId: string, enteredAt: number, leftAt?: number }[]}
 */
export function queueVisits(body) {
  const participants = Array.isArray(body?.participants) ? body.participants : [];
  const visits = [];
  for (const p of participants) {
    if (p?.purpose !== 'acd' || typeof p.id !== 'string' || typeof p.queueId !== 'string') continue;
    const media = MEDIA_LISTS.flatMap((list) => (Array.isArray(p[list]) ? p[list] : []));
    const item = media[0];
    const enteredAt = time(item?.connectedTime) ?? time(p.connectedTime);
    if (enteredAt === undefined) continue;
    const left = item?.state === 'disconnected' || item?.state === 'terminated';
    const leftAt = left ? (time(item?.disconnectedTime) ?? time(p.endTime)) : undefined;
    visits.push({ id: p.id, queueId: p.queueId, enteredAt, ...(leftAt !== undefined ? { leftAt } : {}) });
  }
  return visits;
}

/** Genesys marks every media item `terminated` once a conversation has ended. */
export function hasEnded(body) {
  const participants = Array.isArray(body?.participants) ? body.participants : [];
  const media = participants.flatMap((p) => MEDIA_LISTS.flatMap((list) => (Array.isArray(p?.[list]) ? p[list] : [])));
  return media.length > 0 && media.every((m) => m?.state === 'terminated');
}
