// Every workflow type the worker registers. One workflow per file; add new ones here.
export { systemCheck } from './system-check';
export { domainWatch } from './domain-watch';
export { terminationCase } from './termination-case';
