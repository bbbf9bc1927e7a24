import type { Role } from '../../vocabularies';
import type { Actor } from '../case-inputs';
import type { Violation } from '../case-rules';
import { CASE_BOUNDS } from '../case-bounds';
import type { CaseState } from '../case-state';

/**
 * The shape of one human action on a case. Each action is defined once (its own file in this folder) and every
 * layer derives from that definition: the workflow's update and validator, the service's action table, the API's
 * route, body schema and OpenAPI entry, the CLI's subcommand. Plain data and pure functions: the workflow bundle
 * imports it, so no I/O and no zod here.
 */

interface FieldBase {
  /** One line for the OpenAPI document and the CLI's help. */
  doc: string;
  optional?: boolean;
  /** The CLI flag when it is not the field name in kebab-case (`--contact` for `contacts`). */
  flag?: string;
  /** CLI only: `--days N` may stand for an instant N days from now. */
  orDays?: boolean;
  /** CLI only: when the flag is absent, the id of the case's open appeal. */
  defaultsToOpenAppeal?: boolean;
}

/** A field of an action's input, by kind; the API maps each kind to one zod schema, the CLI to one option shape. */
export type FieldSpec =
  | (FieldBase & { kind: 'text'; max: number })
  | (FieldBase & { kind: 'choice'; values: readonly [string, ...string[]] })
  | (FieldBase & { kind: 'instant' })
  | (FieldBase & { kind: 'domain' })
  | (FieldBase & { kind: 'emails'; max: number })
  | (FieldBase & { kind: 'refs'; max: number; itemMax: number })
  /** An id named in the route's path (`/appeals/{appealId}/decision`), not in the body. */
  | (FieldBase & { kind: 'pathId' });

/** The fields of one action, by input property name. */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

type ValueOf<F extends FieldSpec> = F extends { kind: 'choice'; values: readonly (infer V)[] }
  ? V
  : F extends { kind: 'emails' | 'refs' }
    ? string[]
    : string;
type OptionalKeys<Fs extends FieldSpecs> = { [K in keyof Fs]: Fs[K] extends { optional: true } ? K : never }[keyof Fs];

/** The values of a field list, as the update receives them (optional fields may be absent). */
export type FieldValues<Fs extends FieldSpecs> = {
  -readonly [K in Exclude<keyof Fs, OptionalKeys<Fs>>]: ValueOf<Fs[K]>;
} & { -readonly [K in OptionalKeys<Fs>]?: ValueOf<Fs[K]> };

/** An action's update input: who acts (from the authenticated caller, never a body) and the action's fields. */
export type ActionInput<Fs extends FieldSpecs> = Actor & FieldValues<Fs>;

/** What an accepted action changed that the workflow must publish beyond the state (search attributes). */
export interface ActionEffect {
  domainsChanged?: boolean;
}

/** How the CLI presents an action. */
export interface CliWording<I> {
  /** The `terminus case <command>` subcommand. */
  command: string;
  description: string;
  example: string;
  /** The line printed after the action was taken. */
  done(input: Omit<I, keyof Actor>): string;
}

/** One human action: the single place its name, input, roles, rule, transition and wording are written. */
export interface CaseActionDefinition<N extends string = string, I extends Actor = Actor> {
  /** The API name: `POST /cases/{caseId}<path>`, audit action `case.<name>`, key in the service's table. */
  name: N;
  /** The workflow update's name: stable, committed histories carry it. */
  update: string;
  /** Where the route lives under `/cases/{caseId}`; path ids appear as `{field}`. */
  path: string;
  /** One line for the OpenAPI document and the audit log. */
  summary: string;
  /**
   * Who may take the action: the rule checks these in the workflow's validator, whatever the entry point. The API
   * lets through the same roles less `operator`, which is read-only at the API (network operations watch there).
   */
  roles: readonly Role[];
  /** Destructive actions (they end, speed up or reverse service) share a tighter rate limit at the API. */
  destructive: boolean;
  fields: FieldSpecs;
  /** The rule: `null`, or why the action is refused on the case as it stands at `nowMs`. Pure. */
  check(state: CaseState, input: I, nowMs: number): Violation | null;
  /** The transition, after the rule passed: records who, when, why. Pure; `at` is the workflow's clock. */
  apply(state: CaseState, input: I, at: string): ActionEffect | void;
  cli: CliWording<I>;
}

/** Defines an action whose input type is derived from its fields (so the body, the CLI and the rule agree). */
export function defineCaseAction<const N extends string, const Fs extends FieldSpecs>(
  definition: Omit<CaseActionDefinition<N, ActionInput<Fs>>, 'fields'> & { fields: Fs },
): CaseActionDefinition<N, ActionInput<Fs>> & { fields: Fs } {
  return definition;
}

/** The reasons every action records in the timeline (capped so a case state stays far below the payload limit). */
export const REASONS_FIELD = {
  kind: 'text',
  max: CASE_BOUNDS.reasons.chars,
  doc: 'Why (recorded in the case timeline)',
} as const;

/** The API exposes an action to the roles it allows, less `operator` (read-only at the API). */
export function apiRoles(definition: Pick<CaseActionDefinition, 'roles'>): Role[] {
  return definition.roles.filter((r) => r !== 'operator');
}
