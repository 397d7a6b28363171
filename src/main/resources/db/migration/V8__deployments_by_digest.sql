-- Where an artifact went live (the from: and soak: gates of every pending promotion, evaluated on each dashboard
-- view) is looked up by app and digest; without this index that read walked the app's whole deployment history.
CREATE INDEX deployments_by_digest ON deployments (app, digest);
