import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/vocabularies';
import { PERSON_KEY_RE, PRINCIPAL_ID_RE } from '../../services/access/principal-store';
import { IsoInstant } from './common';

/** A short label or name: printable (no control characters; PostgreSQL text cannot hold NUL). */
const Label = z
  .string()
  .max(100)
  .regex(/^\P{Cc}*$/u, 'no control characters');

/** Request schemas of the identity routes (`/principals`, `/tokens`, `/enrol`). */

const PrincipalId = z
  .string()
  .regex(PRINCIPAL_ID_RE, 'lower-case letters, digits, ".", "_", "@", "-" (at most 64)')
  .openapi({ example: 'lena' });

/** Path of the routes on one principal. */
export const PrincipalIdParams = z.strictObject({
  principalId: PrincipalId.openapi({ param: { name: 'principalId', in: 'path' } }),
});

/** Body of `POST /principals`. */
export const CreatePrincipalBody = z
  .strictObject({
    id: PrincipalId,
    person: z
      .string()
      .max(254)
      .regex(PERSON_KEY_RE, "the person's e-mail address")
      .openapi({ description: 'Unique: one person holds one principal', example: 'lena@example.org' }),
    displayName: Label.optional(),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  })
  .openapi('CreatePrincipalRequest');

/** Body of `POST /tokens`. */
export const CreateTokenBody = z
  .strictObject({
    principal: PrincipalId.optional().openapi({ description: 'Whose token (default: yours)' }),
    roles: z
      .array(z.enum(ROLES))
      .min(1)
      .max(ROLES.length)
      .optional()
      .openapi({ description: 'Roles the principal holds (default: all of them)' }),
    label: Label.optional(),
    expiresAt: IsoInstant.optional(),
  })
  .openapi('CreateTokenRequest');

/** Body of `POST /enrol`: the two codes the two admins handed over, in either order. */
export const EnrolBody = z
  .strictObject({
    principal: PrincipalId,
    codes: z.tuple([z.string().max(100), z.string().max(100)]),
    label: Label.optional(),
  })
  .openapi('EnrolRequest');
