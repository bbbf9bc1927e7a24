-- Facts about this installation that must survive restarts (its identity, when it was created).
CREATE TABLE app_meta (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO app_meta (key, value) VALUES ('installation_id', gen_random_uuid()::text);
