import { natsSink } from './natsSink.js';

export { natsSink };
export { natsOptionsSchema, type NatsOptions } from './options.js';
export { compileSubjectTemplate, toSubjectToken, type SubjectTemplate } from './subjectTemplate.js';
export default natsSink;
