import path from 'node:path';

/**
 * The benchmark policy: one category with no minimum notice, so a case can go from approval to revocation at
 * once (the cutoff is "now", raised to "notice sent + 0"). It is a real policy document, validated by the same
 * loader as production (`src/config/policy.ts`) and selected the way a deployment would, `TERMINUS_POLICY_FILE`.
 */

/** The fixture file. */
export const ZERO_NOTICE_POLICY_FILE = path.join(__dirname, '..', 'fixtures', 'policy-zero-notice.json');

/** Its one category. */
export const ZERO_NOTICE_CATEGORY = 'bench_zero_notice';
