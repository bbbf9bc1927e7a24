-- The mail outbox: one row per message the notify activities are asked to send, keyed by the idempotency key
-- (workflow ID + step). An activity retry reads its row first: 'sent' means the server already accepted the
-- message, so nothing is sent again. The rendered content is stored on the first attempt, so every attempt
-- (and the case record) has exactly the same subject, bodies, Date and Message-ID.
CREATE TABLE mail_outbox (
  idempotency_key text PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  case_id text NOT NULL,
  kind text NOT NULL,
  -- sha256 of the activity input: the same key with different content is a bug, refused loudly.
  input_sha256 text NOT NULL,
  recipients jsonb NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text NOT NULL,
  message_date timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  -- While 'sending': the attempt that holds the row until this instant; a later attempt waits for it.
  lease_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  accepted jsonb,
  rejected jsonb,
  response text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);

CREATE INDEX mail_outbox_case_idx ON mail_outbox (case_id, created_at);
