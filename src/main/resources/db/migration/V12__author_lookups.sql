-- not_author asks who pushed a promotion's commit on any branch, or produced its digest from another commit: runs
-- are looked up by commit and by artifact (for each pending promotion, on every dashboard view).
CREATE INDEX runs_by_commit ON runs (app, commit_sha);
CREATE INDEX runs_by_artifact ON runs (app, artifact);
