-- The names an account-scale case ends (issue 18): one row per case, name and kind (a DNS zone, or a hostname the
-- proxy serves), found on the edge by the intake or the pre-revocation discovery. Thousands of names live here,
-- never in workflow history: the workflow keeps counts, activities page through the rows. `found_rank` orders the
-- discoveries (0 intake, 1 pre-revocation) so a late addition pages after the names known at approval.
-- snapshot_id names the edge_snapshots row holding the item's "before" picture (for restore after an appeal).
CREATE TABLE case_items (
  case_id text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('zone', 'proxy_host')),
  account_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'excluded', 'absent')),
  found_by text NOT NULL CHECK (found_by IN ('intake', 'pre_revocation')),
  found_rank smallint NOT NULL,
  found_at timestamptz NOT NULL,
  changed boolean,
  revoked_at timestamptz,
  error text,
  excluded_by text,
  excluded_at timestamptz,
  exclusion_reason text,
  snapshot_id text,
  PRIMARY KEY (case_id, name, kind),
  CHECK ((status = 'excluded') = (exclusion_reason IS NOT NULL))
);
-- Keyset paging of a case's list (all items, or one status), in the order the API shows.
CREATE INDEX case_items_page ON case_items (case_id, found_rank, name, kind);
CREATE INDEX case_items_status_page ON case_items (case_id, status, found_rank, name, kind);
-- The next revocation batch: pending items in name order.
CREATE INDEX case_items_pending ON case_items (case_id, name, kind) WHERE status = 'pending';
