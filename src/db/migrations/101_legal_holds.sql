-- The law-enforcement hold registry legal maintains; holds may exist before any case. A case looks up holds by
-- account and by domain at legal review. Rows are released or expire, never deleted (they are a legal record).
CREATE TABLE legal_holds (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('preservation', 'do_not_terminate', 'non_disclosure')),
  reference text NOT NULL,
  agency_contact text NOT NULL,
  account_id text,
  domains text[] NOT NULL DEFAULT '{}',
  placed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  placed_by text NOT NULL,
  released_at timestamptz,
  released_by text,
  CHECK (account_id IS NOT NULL OR cardinality(domains) > 0),
  CHECK (expires_at > placed_at)
);
CREATE INDEX legal_holds_account ON legal_holds (account_id);
