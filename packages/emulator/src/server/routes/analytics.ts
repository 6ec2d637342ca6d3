import { parseAggregatesQuery, runAggregatesQuery } from '../../analytics/aggregatesQuery.js';
import { createDetailsJobs } from '../../analytics/detailsJobs.js';
import { MAX_JOB_INTERVAL_MS, parseDetailsQuery, runDetailsQuery } from '../../analytics/detailsQuery.js';
import { parseObservationsQuery, runObservationsQuery } from '../../analytics/observationsQuery.js';
import type { Clock } from '../../clock.js';
import type { ContactCenter } from '../../sim/types.js';
import { readJson, sendGenesysError, sendJson } from '../http.js';
import type { Route } from '../router.js';

const DETAILS = '/api/v2/analytics/conversations/details';

/**
 * Conversation details (sync and async), aggregates and queue observations, answered from the
 * simulation. Dates in the bodies are on the emulator's clock, as clients compare them with the
 * simulated event times and the `Date` header.
 */
export function analyticsRoutes(center: ContactCenter, clock: Clock, jobProcessingMs?: number): Route[] {
  const jobs = createDetailsJobs(() => clock.now(), jobProcessingMs);
  return [
    {
      method: 'POST',
      path: `${DETAILS}/query`,
      auth: 'bearer',
      async handler(ctx) {
        const parsed = parseDetailsQuery(await readJson(ctx.req));
        if (!parsed.ok) return sendGenesysError(ctx.res, 400, 'bad.request', parsed.message);
        const { query, order, pageSize, pageNumber } = parsed.value;
        const { conversations, totalHits } = center.detailsPage(query, order, (pageNumber - 1) * pageSize, pageSize);
        // Genesys leaves `conversations` out entirely when nothing matched.
        sendJson(ctx.res, 200, { ...(conversations.length ? { conversations } : {}), totalHits });
      },
    },
    {
      method: 'POST',
      path: `${DETAILS}/jobs`,
      auth: 'bearer',
      async handler(ctx) {
        const parsed = parseDetailsQuery(await readJson(ctx.req), MAX_JOB_INTERVAL_MS);
        if (!parsed.ok) return sendGenesysError(ctx.res, 400, 'bad.request', parsed.message);
        sendJson(ctx.res, 202, { jobId: jobs.submit(runDetailsQuery(center, parsed.value.query, parsed.value.order)) });
      },
    },
    {
      method: 'GET',
      path: `${DETAILS}/jobs/:jobId`,
      auth: 'bearer',
      handler(ctx) {
        const status = jobs.status(ctx.params.jobId ?? '');
        if (!status) return sendGenesysError(ctx.res, 404, 'not.found', `Job ${ctx.params.jobId} not found.`);
        sendJson(ctx.res, 200, status);
      },
    },
    {
      method: 'DELETE',
      path: `${DETAILS}/jobs/:jobId`,
      auth: 'bearer',
      handler(ctx) {
        if (!jobs.cancel(ctx.params.jobId ?? '')) return sendGenesysError(ctx.res, 404, 'not.found', `Job ${ctx.params.jobId} not found.`);
        ctx.res.writeHead(202).end();
      },
    },
    {
      method: 'GET',
      path: `${DETAILS}/jobs/:jobId/results`,
      auth: 'bearer',
      handler(ctx) {
        const pageSize = Number(ctx.url.searchParams.get('pageSize') ?? 1000);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
          return sendGenesysError(ctx.res, 400, 'bad.request', 'pageSize must be an integer from 1 to 1000.');
        }
        const page = jobs.results(ctx.params.jobId ?? '', ctx.url.searchParams.get('cursor'), pageSize);
        if (!page.ok) return sendGenesysError(ctx.res, page.status, page.status === 404 ? 'not.found' : 'bad.request', page.message);
        sendJson(ctx.res, 200, { conversations: page.conversations, ...(page.cursor ? { cursor: page.cursor } : {}), dataAvailabilityDate: new Date(clock.now()).toISOString() });
      },
    },
    {
      method: 'POST',
      path: '/api/v2/analytics/queues/observations/query',
      auth: 'bearer',
      async handler(ctx) {
        const parsed = parseObservationsQuery(await readJson(ctx.req));
        if (!parsed.ok) return sendGenesysError(ctx.res, 400, 'bad.request', parsed.message);
        sendJson(ctx.res, 200, runObservationsQuery(center, parsed.value));
      },
    },
    {
      method: 'POST',
      path: '/api/v2/analytics/conversations/aggregates/query',
      auth: 'bearer',
      async handler(ctx) {
        const parsed = parseAggregatesQuery(await readJson(ctx.req));
        if (!parsed.ok) return sendGenesysError(ctx.res, 400, 'bad.request', parsed.message);
        sendJson(ctx.res, 200, runAggregatesQuery(center, parsed.value));
      },
    },
  ];
}
