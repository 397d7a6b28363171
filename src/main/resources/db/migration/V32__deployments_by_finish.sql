-- The DORA figures (issue #18) read an app's deployments by when they finished (went live or failed) and, for each,
-- what went live next in the same environment (by finish time), what replaced it (a deployment whose finish time is
-- its retired_at) and whether it was swapped back in (a newer one retired at its finish time): point look-ups by
-- app, environment and each of the two instants.
CREATE INDEX deployments_by_finish ON deployments (app, environment, finished_at);
CREATE INDEX deployments_by_retirement ON deployments (app, environment, retired_at);
