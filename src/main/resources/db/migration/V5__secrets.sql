-- Secrets: values only as AES-256-GCM ciphertext (see dev.slipway.secret.SecretBox), keyed by the pipeline file's
-- environment name. Portable between SQLite and PostgreSQL like V1.

CREATE TABLE secrets (
    app         TEXT    NOT NULL REFERENCES apps (name),
    environment TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    ciphertext  TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL,
    PRIMARY KEY (app, environment, name)
);

-- The names a deployment's environment declares under `secrets:` (a JSON array), so a restart can check that they
-- are still set without the pipeline file. Never the values: those are read at each start.
ALTER TABLE deployments ADD COLUMN secret_names TEXT NOT NULL DEFAULT '[]';
