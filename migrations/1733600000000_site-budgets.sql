-- Up Migration
-- A site's request budget shared by every worker (a token bucket per host): the profile's
-- requestsPerMinute and burst hold for the fleet, not per process. A request reserves its tokens in
-- one atomic upsert; a negative balance is the wait of the requests already promised.
CREATE TABLE site_budgets (
  host   text PRIMARY KEY,
  tokens double precision NOT NULL,
  at     timestamptz NOT NULL
);

-- Down Migration
DROP TABLE site_budgets;
