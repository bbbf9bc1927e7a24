/** The domain watch's pure rules: placement state machine, confirmation, adaptive interval. */
export * from './watch-state';
export * from './group-state';
