import { consoleSink } from './consoleSink.js';

export { consoleSink };
export { consoleOptionsSchema, type ConsoleOptions } from './options.js';
export { createPrettyFormatter, type PrettyOptions } from './pretty/formatPretty.js';
export { formatJson } from './formatJson.js';
export { choosePaint, type Paint } from './pretty/style.js';
export default consoleSink;
