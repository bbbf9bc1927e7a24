-- Evidence lives outside workflow history, content-addressed: the history keeps only the sha256. A blob shared by
-- two cases is stored once; retain_until is pushed out (never in) by preservation holds.
CREATE TABLE evidence_blobs (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL,
  size_bytes integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retain_until timestamptz
);

CREATE TABLE case_evidence (
  case_ref text NOT NULL,
  sha256 text NOT NULL REFERENCES evidence_blobs (sha256),
  label text NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_ref, sha256)
);
