import type { Principal, Role } from '../case-types';

/**
 * What every human action's input carries (the `terminationCase` updates); each action's own fields are in its
 * definition under `actions/`, which derives the full input type.
 */

/**
 * Every update carries who acts and as which role. `principal` comes from the authenticated caller (the API
 * never takes it from a request body); `role` must be one of `principal.roles`.
 */
export interface Actor {
  principal: Principal;
  role: Role;
}
