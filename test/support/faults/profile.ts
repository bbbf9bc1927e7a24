/**
 * Which platform the fault suite runs on: `embedded` (the `npm start` stack's Temporal dev server) or `cluster`
 * (the `npm run cluster` profile's Temporal server v1.32.1 on PostgreSQL). `npm run test:faults:cluster` sets
 * `TERMINUS_FAULTS_PROFILE=cluster`; every scenario is the same on both.
 */
export function faultsProfile(): 'embedded' | 'cluster' {
  const value = process.env.TERMINUS_FAULTS_PROFILE ?? 'embedded';
  if (value !== 'embedded' && value !== 'cluster') {
    throw new Error(`TERMINUS_FAULTS_PROFILE=${value}: expected embedded or cluster`);
  }
  return value;
}
