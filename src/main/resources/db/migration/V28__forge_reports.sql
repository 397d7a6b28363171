-- What followed apps tell their forge (issue #17): commit statuses of runs and, on GitHub, deployments. An outbox: the
-- harvester turns audit entries into rows here (in the transaction that advances forge_report_cursor), the sender
-- posts them in id order per app and records how it went. Nothing here ever holds a token.
CREATE TABLE forge_calls (
    id              BIGINT  PRIMARY KEY,
    app             TEXT    NOT NULL,
    -- STATUS (a commit status) | DEPLOYMENT (create one on the forge) | DEPLOYMENT_STATUS (a state of one)
    kind            TEXT    NOT NULL CHECK (kind IN ('STATUS', 'DEPLOYMENT', 'DEPLOYMENT_STATUS')),
    commit_id       TEXT    NOT NULL,
    -- the branch, for forges that take one (GitLab's ref)
    ref             TEXT,
    -- PENDING | RUNNING | SUCCESS | FAILURE | ERROR | CANCELLED: each forge's client says it its own way
    state           TEXT    NOT NULL,
    target_url      TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    context         TEXT    NOT NULL,
    run_number      BIGINT,
    deployment_id   BIGINT,
    environment     TEXT,
    created_at      BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    outcome         TEXT    NOT NULL CHECK (outcome IN ('PENDING', 'SENT', 'GAVE_UP')),
    last_error      TEXT,
    http_status     INTEGER,
    sent_at         BIGINT,
    -- a DEPLOYMENT the forge created: its id there, which the deployment's statuses are posted to
    forge_id        TEXT
);
CREATE INDEX forge_calls_by_app ON forge_calls (app, outcome, id);
CREATE INDEX forge_calls_of_deployment ON forge_calls (app, deployment_id, kind);

-- The seq of the last audit entry the harvester has read (one row; absent until the first start, which begins at the
-- head of the log rather than reporting all of history).
CREATE TABLE forge_report_cursor (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT  NOT NULL
);
