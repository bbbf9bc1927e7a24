// Every workflow type the worker registers: one folder per workflow (its messages and steps beside it).
export { systemCheck } from './system-check/system-check';
export { domainWatch } from './watch/domain-watch';
export { terminationCase } from './case/termination-case';
export { dsaSubmission } from './dsa-submission/dsa-submission';
export { watchGroup } from './watch/watch-group';
