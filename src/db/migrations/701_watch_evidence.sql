-- The evidence behind a group watch's verdicts (issue 19): the batched probe keeps, per domain and placement, the
-- newest observation that put the domain somewhere other than where it is confirmed to be (what a change is being
-- confirmed on). When the group confirms the change, its watch_history row copies that observation and verdict, so
-- the console shows each change with the signals it was confirmed on, as it does for a per-domain watch. One row per
-- (domain, placement): the table grows with the domains watched and the places they went, not with probe rounds.
CREATE TABLE watch_observations (
  domain text NOT NULL,
  placement text NOT NULL,
  observed_at timestamptz NOT NULL,
  verdict jsonb NOT NULL,
  observation jsonb NOT NULL,
  PRIMARY KEY (domain, placement)
);
ALTER TABLE watch_history ADD COLUMN verdict jsonb;
ALTER TABLE watch_history ADD COLUMN observation jsonb;
