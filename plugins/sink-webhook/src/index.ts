import { webhookSink } from './webhookSink.js';

export { webhookSink };
export { webhookOptionsSchema, type WebhookOptions } from './options.js';
export { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
export { batchIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from './idempotencyKey.js';
export { retryAfterMs, isRetryableStatus } from './responses.js';
export default webhookSink;
