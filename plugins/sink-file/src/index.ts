import { fileSink } from './fileSink.js';

export { fileSink };
export { fileOptionsSchema, type FileOptions } from './options.js';
export { compilePathTemplate, pathTemplateProblem, safeSegment, PATH_PLACEHOLDERS, type PathTemplate } from './pathTemplate.js';
export { cutTornTail } from './tornTail.js';
export default fileSink;
