// The wallboard page: draws the tiles the server sends, keeps the longest waits ticking, and
// switches between the laptop layout and the large-screen (TV) mode.
import { connect } from './connection.js';
import { clock, longestWaitNow } from './format.js';
import { renderTile } from './tile.js';

const board = document.getElementById('board');
const empty = document.getElementById('empty');
const tiles = new Map();
let thresholds;
/** Server clock minus ours: longest waits are aged against the server's receive time. */
let serverOffset = 0;
let updates = 0;
let tvPageInterval = 15_000;

function draw(id) {
  const tile = tiles.get(id);
  let el = board.querySelector(`article[data-id="${CSS.escape(id)}"]`);
  if (el === null) {
    el = document.createElement('article');
    el.className = 'tile';
    el.dataset.id = id;
    el.dataset.queueId = tile.queueId;
    board.append(el);
  }
  const longest = longestWaitNow(tile.live, serverOffset, Date.now());
  const { html, level } = renderTile(tile, thresholds, longest);
  if (el.innerHTML !== html) el.innerHTML = html;
  el.dataset.level = level;
}

function order() {
  const sorted = [...tiles.values()].sort((a, b) => a.queueName.localeCompare(b.queueName) || a.mediaType.localeCompare(b.mediaType));
  for (const tile of sorted) board.append(board.querySelector(`article[data-id="${CSS.escape(tile.id)}"]`));
  empty.hidden = tiles.size > 0;
}

function showUpdated(lastUpdateAt) {
  document.getElementById('updated').textContent = lastUpdateAt === null ? '' : `Updated ${clock(lastUpdateAt - serverOffset)}`;
}

connect('/events', {
  snapshot(data) {
    serverOffset = data.now - Date.now();
    thresholds = data.thresholds;
    tvPageInterval = data.tvPageInterval;
    document.title = data.title;
    document.getElementById('title').textContent = data.title;
    tiles.clear();
    for (const el of board.querySelectorAll('article.tile')) el.remove();
    for (const tile of data.tiles) tiles.set(tile.id, tile);
    for (const id of tiles.keys()) draw(id);
    order();
    showUpdated(data.lastUpdateAt);
    document.body.dataset.snapshots = String(Number(document.body.dataset.snapshots ?? 0) + 1);
  },
  tiles(data) {
    serverOffset = data.now - Date.now();
    const added = data.tiles.some((t) => !tiles.has(t.id));
    for (const tile of data.tiles) tiles.set(tile.id, tile);
    for (const tile of data.tiles) draw(tile.id);
    if (added) order();
    showUpdated(data.lastUpdateAt);
    document.body.dataset.updates = String(++updates);
  },
  heartbeat(data) {
    serverOffset = data.now - Date.now();
  },
  state(name, since) {
    const el = document.getElementById('connection');
    el.dataset.state = name;
    el.textContent = name === 'live' ? 'Live' : name === 'stale' ? 'Stale' : 'Reconnecting…';
    document.body.dataset.connection = name;
    const banner = document.getElementById('stale');
    if (name === 'stale') document.getElementById('stale-since').textContent = clock(since);
    if (name === 'stale') banner.hidden = false;
    if (name === 'live') banner.hidden = true;
  },
});

// Longest waits grow between updates.
setInterval(() => {
  if (thresholds) for (const [id, tile] of tiles) if (tile.live.waiting > 0) draw(id);
}, 1000);

// Large-screen mode: ?mode=tv, or the toggle (remembered on this screen).
const toggle = document.getElementById('tv-toggle');
const setTv = (on) => {
  document.body.classList.toggle('tv', on);
  toggle.setAttribute('aria-pressed', String(on));
};
const param = new URLSearchParams(location.search).get('mode');
setTv(param === 'tv' || (param === null && localStorage.getItem('gcstream.wallboard.mode') === 'tv'));
toggle.addEventListener('click', () => {
  const on = !document.body.classList.contains('tv');
  setTv(on);
  localStorage.setItem('gcstream.wallboard.mode', on ? 'tv' : 'laptop');
});

// A wall has no one to scroll it: in TV mode, more tiles than fit are shown a screenful at a time.
let lastPage = Date.now();
setInterval(() => {
  if (!document.body.classList.contains('tv') || tvPageInterval <= 0 || Date.now() - lastPage < tvPageInterval) return;
  lastPage = Date.now();
  const bottom = document.documentElement.scrollHeight - window.innerHeight;
  if (bottom <= 0) return;
  const header = document.querySelector('.bar').getBoundingClientRect().height;
  window.scrollTo({ top: window.scrollY >= bottom - 1 ? 0 : Math.min(bottom, window.scrollY + window.innerHeight - header) });
}, 250);
