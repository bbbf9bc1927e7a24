-- The provider history of every domain a group watch follows (issue 18): one row per confirmed change, written by
-- the watch's activity, so months of moves of 100,000 domains never sit in workflow state or history. The key
-- (watch, domain, change index) makes a retried write change nothing.
CREATE TABLE watch_history (
  watch_key text NOT NULL,
  domain text NOT NULL,
  change_index integer NOT NULL CHECK (change_index >= 0),
  case_id text NOT NULL,
  state text NOT NULL,
  provider text,
  confidence real NOT NULL,
  changed_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (watch_key, domain, change_index)
);
CREATE INDEX watch_history_case ON watch_history (case_id, domain, changed_at);
CREATE INDEX watch_history_domain ON watch_history (domain, changed_at);
