-- The sandbox edge (embedded default): what its DNS server and HTTP proxy serve, read per request so a
-- revocation is visible at once. realm 'edge' = our customers (revoked and restored by cases);
-- realm 'internet' = the rest of the world (competitors' zones and sites, for demos and migration probes).
CREATE TABLE sandbox_zones (
  realm text NOT NULL CHECK (realm IN ('edge', 'internet')),
  name text NOT NULL,
  account_id text,
  provider text,
  kind text NOT NULL DEFAULT 'Native',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (realm, name)
);

-- One RRset per row; records are presentation-format contents (as PowerDNS writes them).
CREATE TABLE sandbox_rrsets (
  realm text NOT NULL,
  zone text NOT NULL,
  name text NOT NULL,
  type text NOT NULL,
  ttl integer NOT NULL CHECK (ttl >= 0),
  records jsonb NOT NULL,
  PRIMARY KEY (realm, zone, name, type),
  FOREIGN KEY (realm, zone) REFERENCES sandbox_zones (realm, name) ON DELETE CASCADE
);

-- One proxied host per row. Our hosts go to an origin URL (or the built-in page when null); internet hosts
-- answer as their provider would (headers, cookies) so probes can fingerprint them.
CREATE TABLE sandbox_routes (
  realm text NOT NULL CHECK (realm IN ('edge', 'internet')),
  host text NOT NULL,
  account_id text,
  provider text,
  origin_url text,
  title text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (realm, host)
);
