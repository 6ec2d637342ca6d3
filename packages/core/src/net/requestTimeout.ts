/** How long one request to Genesys Cloud (a REST call or a login) may go unanswered before it is given up and retried. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
