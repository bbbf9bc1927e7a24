-- Principals as identities (issue 15, separation of duties). A principal is one person (its person key, e.g. the
-- e-mail address, is unique: one person cannot hold two principals) with the roles it holds. A token grants at
-- most those roles (checked at every authentication, so narrowing a principal narrows its tokens at once).
-- No principal holds `admin` together with an approving role (`legal`, `tns_lead`). A principal holding a
-- privileged role (`admin`, `legal`, `tns_lead`) is proposed by one admin and activated by a different one; its
-- first token is claimed by the person with two enrolment codes, one from each admin, so neither admin alone can
-- hold a token of it.
ALTER TABLE api_principals
  ADD COLUMN person_key text,
  ADD COLUMN display_name text NOT NULL DEFAULT '',
  ADD COLUMN roles text[] NOT NULL DEFAULT '{}',
  ADD COLUMN status text NOT NULL DEFAULT 'active',
  ADD COLUMN proposed_by text,
  ADD COLUMN activated_by text,
  ADD COLUMN activated_at timestamptz,
  ADD COLUMN disabled_by text,
  ADD COLUMN enrol_a_sha256 text,
  ADD COLUMN enrol_b_sha256 text;

-- Principals of an existing database: their roles are those of their live tokens, their person key their id
-- (prefixed so it cannot collide with an e-mail address given later).
UPDATE api_principals p SET
  roles = COALESCE((SELECT array_agg(DISTINCT r ORDER BY r) FROM api_tokens t, unnest(t.roles) r
                    WHERE t.principal_id = p.id AND t.revoked_at IS NULL), '{}'),
  person_key = 'legacy:' || p.id,
  proposed_by = 'migration',
  activated_by = 'migration',
  activated_at = now(),
  status = CASE WHEN p.disabled_at IS NULL THEN 'active' ELSE 'disabled' END;

-- An existing admin that also held an approving role keeps `admin` only; its tokens carrying an approving role are
-- revoked (it must not approve; a separate principal for the person's approving role is proposed afresh).
UPDATE api_tokens SET revoked_at = now()
WHERE revoked_at IS NULL AND roles && ARRAY['legal', 'tns_lead']
  AND principal_id IN (SELECT id FROM api_principals WHERE roles @> ARRAY['admin']);
UPDATE api_principals SET roles = array_remove(array_remove(roles, 'legal'), 'tns_lead') WHERE roles @> ARRAY['admin'];

ALTER TABLE api_principals
  ALTER COLUMN person_key SET NOT NULL,
  ALTER COLUMN proposed_by SET NOT NULL,
  ADD CONSTRAINT api_principals_status CHECK (status IN ('proposed', 'active', 'disabled')),
  ADD CONSTRAINT api_principals_admin_approves_nothing
    CHECK (NOT (roles @> ARRAY['admin'] AND roles && ARRAY['legal', 'tns_lead'])),
  ADD CONSTRAINT api_principals_four_eyes CHECK (activated_by IS NULL OR activated_by <> proposed_by
                                                 OR NOT roles && ARRAY['admin', 'legal', 'tns_lead']
                                                 OR proposed_by IN ('migration', 'database', 'embedded-stack'));
CREATE UNIQUE INDEX api_principals_person ON api_principals (lower(person_key));

-- Which run of a case a principal opened: a case ID is reused once the earlier case ended, so ownership is bound to
-- the run the case began with (its case reference), never to the workflow ID alone.
CREATE TABLE case_owners (
  case_id text NOT NULL,
  case_ref text NOT NULL,
  requested_by text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, case_ref)
);
CREATE INDEX case_owners_requester ON case_owners (requested_by, opened_at);
