export * from './arbitraries/index.js';
export * from './sinkConformance/index.js';
export * from './operatorHarness/index.js';
export * from './tls/selfSignedCertificate.js';
export * from './services/restartServices.js';
export * from './net/freeLoopbackPort.js';
