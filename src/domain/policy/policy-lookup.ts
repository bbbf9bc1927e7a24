import type { CasePolicy, CategoryPolicy, PolicyDocument } from './policy-types';

/** A category the document does not define; the message lists the ones it does, so the caller can fix input. */
export class UnknownCategoryError extends Error {
  override readonly name = 'UnknownCategoryError';
}

/** Finds a category by id, or explains which ids exist. */
export function findCategory(doc: PolicyDocument, categoryId: string): CategoryPolicy {
  const found = doc.categories.find((c) => c.id === categoryId);
  if (!found) {
    const known = doc.categories.map((c) => c.id).join(', ');
    throw new UnknownCategoryError(`unknown policy category "${categoryId}" (policy ${doc.version} has: ${known})`);
  }
  return found;
}

/** The slice of the document one case is decided under (copied into the case, never re-read on replay). */
export function casePolicyFor(doc: PolicyDocument, categoryId: string): CasePolicy {
  return {
    version: doc.version,
    category: findCategory(doc, categoryId),
    legalReview: doc.legalReview,
    cutoff: doc.cutoff,
    appealInstructions: doc.appealInstructions,
    ...(doc.revocation ? { revocation: doc.revocation } : {}),
  };
}
