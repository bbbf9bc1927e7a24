/** Provider fingerprints: observation shape, database types, and the classifier that turns one into a verdict. */
export * from './observation';
export * from './types';
export * from './ip';
export * from './compile';
export * from './evidence';
export * from './classify';
export * from './ip-index';
