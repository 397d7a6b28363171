-- Service settings kept with each deployment so a stop or restart after a server restart uses them: how long the
-- service has to exit once asked to stop (NULL for deployments made before: the default, 30 s) and the path probed
-- once it serves (NULL: its health path, which was the only one before).
ALTER TABLE deployments ADD COLUMN stop_grace_ms BIGINT;
ALTER TABLE deployments ADD COLUMN liveness TEXT;
