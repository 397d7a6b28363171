-- What an accepted delivery hinted (the commits it named and the forge login that pushed), so that a delivery the
-- server accepted but could not settle before a crash is hinted again at start-up, with its pusher, rather than left
-- "fetching" for ever and its change taken by the start-up look as forge:unknown. NULL for deliveries that name no
-- commit (GitHub's create and delete events) and for those recorded before this column.
ALTER TABLE hook_deliveries ADD COLUMN before_commit TEXT;
ALTER TABLE hook_deliveries ADD COLUMN after_commit TEXT;
ALTER TABLE hook_deliveries ADD COLUMN login TEXT;
