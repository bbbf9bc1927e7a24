-- One row per end-to-end system check (API -> Temporal -> worker -> database); keyed by the check's
-- idempotency key so an activity retry records it once.
CREATE TABLE system_checks (
  check_key text PRIMARY KEY,
  requested_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
