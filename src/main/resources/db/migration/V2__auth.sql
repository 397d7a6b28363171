-- Users, their API tokens and their roles per app. Portable between SQLite and PostgreSQL like V1.

CREATE TABLE users (
    name       TEXT    PRIMARY KEY,
    created_at BIGINT  NOT NULL
);

-- Only the SHA-256 of a token's secret is stored; the id is public (lists, revoke, audit).
CREATE TABLE tokens (
    id          TEXT    PRIMARY KEY,
    user_name   TEXT    NOT NULL REFERENCES users (name),
    secret_hash TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
);
CREATE INDEX tokens_by_user ON tokens (user_name);

-- app '*' means every app, so there is no foreign key to apps: the use case checks that the app exists.
CREATE TABLE grants (
    user_name  TEXT    NOT NULL REFERENCES users (name),
    app        TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('VIEWER','DEVELOPER','DEPLOYER','RELEASER','ADMIN')),
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (user_name, app)
);
