import { z } from '@hono/zod-openapi';
import type { ActionInput, FieldSpec, FieldSpecs } from '../../domain/case/actions/action-definition';
import { CASE_ACTIONS, type CaseActionName } from '../../domain/case/actions';
import type { Actor } from '../../domain/case/case-inputs';
import type { Role } from '../../domain/vocabularies';
import { ActingRole, DomainName, Email, IsoInstant, Text } from './common';

/**
 * The request body of every human action, derived from its field list in `domain/case/actions`: one zod schema
 * per field kind, so the API validates exactly what the definition says and the OpenAPI document follows.
 */

/** The fields of an action that travel in the body (path ids travel in the path). */
type BodyKeys<Fs extends FieldSpecs> = { [K in keyof Fs]: Fs[K] extends { kind: 'pathId' } ? never : K }[keyof Fs];

/** What a client sends for an action: its body fields and, optionally, the role it acts as. */
export type ActionBody<A extends CaseActionName> = Omit<
  ActionInput<(typeof CASE_ACTIONS)[A]['fields']>,
  | Exclude<keyof ActionInput<(typeof CASE_ACTIONS)[A]['fields']>, BodyKeys<(typeof CASE_ACTIONS)[A]['fields']>>
  | keyof Actor
> & { role?: Role };

function fieldSchema(field: FieldSpec): z.ZodType {
  const schema = ((): z.ZodType => {
    switch (field.kind) {
      case 'text':
        return Text(field.max).openapi({ description: field.doc });
      case 'choice':
        return z.enum(field.values).openapi({ description: field.doc });
      case 'instant':
        return IsoInstant.openapi({ description: field.doc });
      case 'domain':
        return DomainName.openapi({ description: field.doc });
      case 'emails':
        return z.array(Email).min(1).max(field.max).openapi({ description: field.doc });
      case 'refs':
        return z.array(Text(field.itemMax, 'one')).max(field.max).default([]).openapi({ description: field.doc });
      case 'pathId':
        throw new Error('a path id is not a body field');
    }
  })();
  return field.optional ? schema.optional() : schema;
}

/** Pascal case of an update name, for the OpenAPI component (`submitFindings` -> `SubmitFindingsRequest`). */
const componentName = (update: string): string => `${update.charAt(0).toUpperCase()}${update.slice(1)}Request`;

/**
 * The body schema of one action: a strict object (unknown fields, `principal` among them, are refused) of its
 * body fields plus the acting role. Typed as the action's body: the fields are mapped kind by kind above.
 */
export function actionBodySchema<A extends CaseActionName>(name: A): z.ZodType<ActionBody<A>>;
export function actionBodySchema(name: CaseActionName): z.ZodType {
  const action = CASE_ACTIONS[name];
  const shape: Record<string, z.ZodType> = { role: ActingRole };
  for (const [key, field] of Object.entries(action.fields as FieldSpecs)) {
    if (field.kind !== 'pathId') shape[key] = fieldSchema(field);
  }
  return z.strictObject(shape).openapi(componentName(action.update));
}

/** The path ids of an action (`appealId` for `/appeals/{appealId}/decision`). */
export function pathIdsOf(name: CaseActionName): string[] {
  return Object.entries(CASE_ACTIONS[name].fields as FieldSpecs)
    .filter(([, field]) => field.kind === 'pathId')
    .map(([key]) => key);
}
