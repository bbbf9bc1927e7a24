-- The final record of every closed case (one row per case, written once) and the statement of reasons in the
-- DSA transparency-database format; the source of aggregate transparency figures.
CREATE TABLE case_records (
  record_id text PRIMARY KEY,
  case_id text NOT NULL,
  case_ref text NOT NULL,
  account_id text NOT NULL,
  category text NOT NULL,
  dsa_category text NOT NULL,
  policy_version text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('terminated', 'rejected', 'withdrawn', 'reinstated')),
  opened_at timestamptz NOT NULL,
  closed_at timestamptz NOT NULL,
  record jsonb NOT NULL,
  dsa_statement jsonb,
  archived_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_records_closed ON case_records (closed_at);
CREATE INDEX case_records_account ON case_records (account_id);

-- What must outlive the case because of a preservation hold (evidence blobs, edge snapshots), and until when.
-- Cleanup jobs must consult this table; a row only ever moves retain_until later.
CREATE TABLE retention_holds (
  case_ref text NOT NULL,
  object_kind text NOT NULL CHECK (object_kind IN ('evidence', 'snapshot')),
  object_id text NOT NULL,
  hold_reference text NOT NULL,
  retain_until timestamptz NOT NULL,
  PRIMARY KEY (case_ref, object_kind, object_id, hold_reference)
);
