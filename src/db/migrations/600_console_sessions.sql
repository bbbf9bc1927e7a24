-- Reviewer console sessions. The browser holds only a random session id (HttpOnly cookie); its SHA-256 is the key,
-- so a database leak yields no usable cookie. A row is created when sign-in starts (principal NULL, the OIDC
-- state, nonce and PKCE verifier in `pending`) and becomes a session once the provider's answer checks out. The
-- CSRF token is a synchroniser token: every state-changing form carries it and the console compares it here.
CREATE TABLE console_sessions (
  id_sha256 text PRIMARY KEY CHECK (id_sha256 ~ '^[0-9a-f]{64}$'),
  principal_id text,
  roles text[] NOT NULL DEFAULT '{}',
  csrf_token text NOT NULL,
  pending jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
