-- When the collector deleted an artifact's file from the content store (NULL: still stored). The row stays: runs,
-- deployments and the audit log still name the digest, and a deploy of it can then say it was collected, not lost.
ALTER TABLE artifacts ADD COLUMN collected_at BIGINT;
