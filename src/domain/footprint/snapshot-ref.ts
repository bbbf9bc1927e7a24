/** A stored snapshot of a customer's footprint on our edge: enough for the case view and for `restoreSnapshot`. */
export interface SnapshotRef {
  snapshotId: string;
  sha256: string;
  takenAt: string;
  zones: string[];
  proxyHosts: string[];
  /** Domains named by the case but absent from our edge (nothing to revoke for them). */
  notOnEdge: string[];
}
