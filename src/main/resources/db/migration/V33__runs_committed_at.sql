-- When the run's commit was made (git's committer time), as the pushed commit says: lead time for changes (DORA)
-- starts there. Null for runs recorded before this column, and where the source could not tell: DORA then takes
-- the commit's first push to Slipway.
ALTER TABLE runs ADD COLUMN committed_at BIGINT;
