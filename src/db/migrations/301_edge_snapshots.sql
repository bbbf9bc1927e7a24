-- Footprint snapshots: the "before" picture of a case (zones, records, proxy routes), kept for restore and as
-- evidence. History holds only id + sha256; content is the exact hashed text. retain_until lets a preservation
-- hold keep a snapshot past the case (null: no hold asked for it).
CREATE TABLE edge_snapshots (
  id text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  case_id text NOT NULL,
  account_id text NOT NULL,
  sha256 text NOT NULL,
  content text NOT NULL,
  taken_at timestamptz NOT NULL,
  retain_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edge_snapshots_case ON edge_snapshots (case_id);

-- Completed edge operations by idempotency key: a retry of a finished revoke or restore returns the first answer
-- (and the record says what each case changed on the edge).
CREATE TABLE edge_operations (
  idempotency_key text PRIMARY KEY,
  case_id text NOT NULL,
  operation text NOT NULL,
  result jsonb NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX edge_operations_case ON edge_operations (case_id);
