-- API principals and their bearer tokens. A token is a high-entropy random string shown once at creation; only its
-- SHA-256 is stored, so a database leak yields no usable token. Each token carries the roles it grants (a principal
-- may hold a read-only token and a full one). Tokens are revoked, never deleted, so the audit log stays joinable.
CREATE TABLE api_principals (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

CREATE TABLE api_tokens (
  token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  principal_id text NOT NULL REFERENCES api_principals (id),
  roles text[] NOT NULL CHECK (cardinality(roles) > 0),
  label text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_principal ON api_tokens (principal_id);

-- Every API action and every denial: who (principal, or NULL when unauthenticated), what (action, target), when,
-- from where (remote address), and the result. Written before an action runs (result 'started') and completed
-- after, so no action can happen unrecorded.
CREATE TABLE api_audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  principal_id text,
  roles text[] NOT NULL DEFAULT '{}',
  action text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  target text,
  remote_addr text NOT NULL,
  result text NOT NULL CHECK (result IN ('started', 'ok', 'denied', 'rejected', 'failed')),
  status integer,
  detail text,
  finished_at timestamptz
);
CREATE INDEX api_audit_log_at ON api_audit_log (at);
CREATE INDEX api_audit_log_principal ON api_audit_log (principal_id, at);

-- Fixed-window rate-limit counters, shared by every API instance through the database.
CREATE TABLE api_rate_windows (
  principal_id text NOT NULL,
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (principal_id, bucket, window_start)
);
