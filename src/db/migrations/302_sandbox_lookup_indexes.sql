-- The sandbox answers every DNS query and proxied request by name across both realms; the primary keys start
-- with the realm, so those lookups scanned the whole table (about 8 ms per query at 10,000 domains).
CREATE INDEX sandbox_zones_by_name ON sandbox_zones (name);
CREATE INDEX sandbox_routes_by_host ON sandbox_routes (host);
