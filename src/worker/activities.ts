import type { Database } from '../db/database';
import { createSystemActivities } from '../activities/system';

/** What the activities need from the outside world; each capability's adapters are built at the edge and passed in. */
export interface ActivityDeps {
  db: Database;
}

/**
 * Composes every activity factory into the one object the worker registers. Adding a capability means adding
 * its factory here with the clients it needs; the factories themselves never read configuration.
 */
export function buildActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities({ db: deps.db }),
  };
}
