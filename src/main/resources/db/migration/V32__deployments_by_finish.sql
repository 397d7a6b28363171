-- The DORA figures (issue #18) read an app's deployments by when they finished (went live or failed) and, for each,
-- what went live next in the same environment: by app, environment and finish time.
CREATE INDEX deployments_by_finish ON deployments (app, environment, finished_at);
