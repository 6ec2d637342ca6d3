// The page's link to the server: an EventSource on /events that reconnects by itself, and a
// watch that calls the data stale when nothing (update or heartbeat) was heard for `staleAfter`.

/**
 * @param handlers {{ snapshot(data), tiles(data), heartbeat(data), state(name) }} where state is
 *   'live', 'reconnecting' or 'stale'
 */
export function connect(url, handlers) {
  let source;
  let staleAfter = 10_000;
  let lastHeard = Date.now();
  let stale = false;

  const heard = () => {
    lastHeard = Date.now();
    if (stale) stale = false;
    handlers.state('live');
  };
  const on = (name, handle) =>
    source.addEventListener(name, (event) => {
      const data = JSON.parse(event.data);
      if (name === 'snapshot') staleAfter = data.staleAfter;
      heard();
      handle(data);
    });

  const open = () => {
    source = new EventSource(url);
    on('snapshot', handlers.snapshot);
    on('tiles', handlers.tiles);
    on('heartbeat', handlers.heartbeat);
    source.onerror = () => {
      if (!stale) handlers.state('reconnecting');
      // EventSource retries a dropped stream by itself, but gives up for good after an answer that
      // is not an event stream (a proxy's error page while gcstream restarts): start a new one.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(open, 2000);
      }
    };
  };

  setInterval(() => {
    if (!stale && Date.now() - lastHeard > staleAfter) {
      stale = true;
      handlers.state('stale', lastHeard);
    }
  }, 250);
  open();
}
