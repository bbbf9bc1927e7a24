import type { z } from 'zod';

/** Renders every issue as `path: message`, so an error names exactly what is wrong and where. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
