-- An app that follows a repository on a forge (`slipway app create NAME --from URL`): Slipway keeps a mirror of it in
-- the app's own repository and builds from that. One row per followed app; an app without one is pushed to directly.
-- Credentials are app-wide secrets (FORGE_TOKEN, FORGE_SSH_KEY, FORGE_WEBHOOK_SECRET), never columns here.
CREATE TABLE app_upstreams (
    app                TEXT    NOT NULL PRIMARY KEY REFERENCES apps (name),
    url                TEXT    NOT NULL,
    -- host + path, lower case, no scheme, user or .git: how a webhook's repository finds its apps
    url_key            TEXT    NOT NULL,
    -- github | gitlab | gitea, or NULL for a plain git server (polling only, nothing reported back)
    forge              TEXT,
    api_url            TEXT,
    branch_filter      TEXT,
    -- for ssh:// URLs: the server's host keys in known_hosts form (public; checked on every connection)
    known_hosts        TEXT,
    poll_seconds       INTEGER NOT NULL,
    report_statuses    BOOLEAN NOT NULL,
    report_deployments BOOLEAN NOT NULL,
    created_at         BIGINT  NOT NULL,
    created_by         TEXT    NOT NULL,
    -- the last look at the upstream (poll or webhook) and what went wrong with it, if anything
    synced_at          BIGINT,
    sync_error         TEXT
);
CREATE INDEX app_upstreams_url_key ON app_upstreams (url_key);
