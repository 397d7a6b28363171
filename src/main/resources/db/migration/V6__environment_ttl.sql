-- How long a per-branch environment may sit without a new deployment before Slipway tears it down (the `ttl:` of
-- its pipeline file, as of the newest push that deployed to it). NULL: it lives until its branch is deleted.
ALTER TABLE environments ADD COLUMN ttl_ms BIGINT;
