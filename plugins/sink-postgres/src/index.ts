import { postgresSink } from './postgresSink.js';

export { postgresSink };
export { postgresOptionsSchema, type PostgresOptions } from './options.js';
export { EVENT_COLUMNS } from './eventTable.js';
export default postgresSink;
