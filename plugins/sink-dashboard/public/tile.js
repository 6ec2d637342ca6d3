// One queue and media type as a tile: live numbers, service level, the interval beside today, agents.
import { duration, escapeHtml as h, hourMinute, percent, threshold } from './format.js';
import { tileLevels } from './levels.js';

const MEDIA = { voice: 'Voice', chat: 'Chat', message: 'Message', email: 'Email', callback: 'Callback' };
const STATUSES = [
  ['IDLE', 'Idle'],
  ['INTERACTING', 'Interacting'],
  ['COMMUNICATING', 'Communicating'],
  ['NOT_RESPONDING', 'Not responding'],
  ['OFF_QUEUE', 'Off queue'],
];

function agents(counts) {
  const known = new Set(STATUSES.map(([s]) => s));
  const rows = [...STATUSES, ...Object.keys(counts).filter((s) => !known.has(s)).map((s) => [s, s.toLowerCase().replaceAll('_', ' ')])];
  const items = rows.filter(([s]) => (counts[s] ?? 0) > 0).map(([s, label]) => `<li data-status="${h(s)}"><b>${counts[s]}</b> ${h(label)}</li>`);
  return items.length === 0 ? '<li class="none">No agent status yet</li>' : items.join('');
}

function kpi(cls, value, label, level) {
  return `<div class="kpi ${cls}" data-level="${level ?? 'none'}"><span class="value">${value}</span><span class="label">${label}</span></div>`;
}

function row(cls, label, interval, today, level) {
  return `<tr class="${cls}"><th scope="row">${label}</th><td data-level="${level ?? 'none'}">${interval}</td><td>${today}</td></tr>`;
}

/** The tile's inner HTML and its overall level, for `tile` as the server sent it. */
export function renderTile(tile, thresholds, longestWaitMs) {
  const levels = tileLevels(tile, thresholds, longestWaitMs);
  const iv = tile.interval;
  const td = tile.today;
  const sl = iv?.serviceLevel ?? td?.serviceLevel;
  const target = sl && sl.target !== null ? `target ${percent(sl.target)} in ${threshold(sl.thresholdMs)}` : sl ? `answered in ${threshold(sl.thresholdMs)}` : '';
  const period = iv ? `${hourMinute(iv.start)}–${hourMinute(iv.end)}` : 'Interval';
  const html = `
    <h2><span class="queue-name">${h(tile.queueName)}</span> <span class="media">${h(MEDIA[tile.mediaType] ?? tile.mediaType)}</span></h2>
    <div class="live">
      ${kpi('waiting', tile.live.waiting, 'Waiting', levels.waiting)}
      ${kpi('longest', duration(longestWaitMs), 'Longest wait', levels.longestWait)}
      ${kpi('interacting', tile.live.interacting, 'Interacting')}
    </div>
    <div class="service-level" data-level="${levels.serviceLevel}">
      <span class="value">${percent(iv?.serviceLevel.ratio)}</span>
      <span class="label">Service level <span class="target">${h(target)}</span></span>
    </div>
    <table class="periods">
      <thead><tr><th></th><th scope="col">${period}</th><th scope="col">Today</th></tr></thead>
      <tbody>
        ${row('sl-row', 'Service level', percent(iv?.serviceLevel.ratio), percent(td?.serviceLevel.ratio), levels.serviceLevel)}
        ${row('abandon', 'Abandoned', percent(iv?.abandonRate), percent(td?.abandonRate), levels.abandonRate)}
        ${row('asa', 'ASA', duration(iv?.asaMs), duration(td?.asaMs), levels.asa)}
        ${row('aht', 'AHT', duration(iv?.ahtMs), duration(td?.ahtMs))}
        ${row('offered', 'Offered', iv?.nOffered ?? 0, td?.nOffered ?? 0)}
      </tbody>
    </table>
    <ul class="agents" aria-label="Agents by routing status">${agents(tile.live.agents)}</ul>`;
  return { html, level: levels.tile };
}
