// A receiver for examples/webhook.yaml, crm-sync.yaml and sla-alerts.yaml: checks each request's gcstream signature and prints a
// line per batch. Plain Node.js, no dependencies:
//
//   GCSTREAM_WEBHOOK_SECRET=... node examples/webhook-receiver.mjs [port]
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.GCSTREAM_WEBHOOK_SECRET;
if (!secret) {
  console.error('set GCSTREAM_WEBHOOK_SECRET to the secret in the pipeline config');
  process.exit(2);
}
const port = Number(process.argv[2] ?? 8790);

function verifyGcstreamSignature(rawBody, timestamp, signature, toleranceSeconds = 300) {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  // Too old (or from the future): a replayed request, or a clock to fix.
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    if (!verifyGcstreamSignature(raw, req.headers['x-gcstream-timestamp'], req.headers['x-gcstream-signature'])) {
      console.log(`rejected a request from ${req.socket.remoteAddress}: bad or old signature`);
      res.writeHead(401).end('bad signature');
      return;
    }
    const { events } = JSON.parse(raw);
    // Genesys events by family (conversation, presence...); gcstream's own records (family
    // `unknown`, such as crm-sync.yaml's final conversations) by their topic pattern.
    const kinds = {};
    for (const event of events) {
      const kind = event.family === 'unknown' && typeof event.topic === 'string' ? event.topic : event.family;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    console.log(`${new Date().toISOString()} ${events.length} events ${JSON.stringify(kinds)}`);
    // Events that carry a line for people (sla-alerts.yaml's breaches) print it.
    for (const event of events) if (typeof event.eventBody?.text === 'string') console.log(`  ${event.eventBody.text}`);
    res.writeHead(204).end();
  });
})
  .on('error', (error) => {
    const why = error.code === 'EADDRINUSE' ? `port ${port} is in use (another receiver still running?): stop it, or pass another port (node examples/webhook-receiver.mjs 8791) and set the pipeline's url to match` : error.message;
    console.error(`cannot listen on 127.0.0.1:${port}: ${why}`);
    process.exit(1);
  })
  .listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/hooks/genesys`));
