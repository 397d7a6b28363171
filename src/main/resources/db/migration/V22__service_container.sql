-- The container that serves a deployment when a container engine runs it (its id, as the engine names it); NULL for
-- a process of the Slipway host, which pid and pid_start identify.
ALTER TABLE deployments ADD COLUMN container TEXT;
