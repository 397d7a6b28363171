-- The git tag a TAG promotion came from (v1.0.0): when its deployment goes live, the app's image repository gets
-- that tag too. NULL for promotions from the CLI, the API or an env/ push.
ALTER TABLE promotions ADD COLUMN tag TEXT;
