-- Deploy targets: machines an admin pointed Slipway at (`slipway target add`), and which app environments they serve
-- (`slipway target bind`). The repository cannot add or bind a target; its pipeline file may only narrow what is bound.
-- The client key is sealed like secrets (dev.slipway.secret.SecretBox, its own context); CA and certificate are public.
CREATE TABLE targets (
    name           TEXT    NOT NULL PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('docker')),
    endpoint       TEXT    NOT NULL,
    insecure       BOOLEAN NOT NULL,
    tls_ca         TEXT,
    tls_cert       TEXT,
    tls_key_sealed TEXT,
    created_at     BIGINT  NOT NULL,
    created_by     TEXT    NOT NULL,
    CHECK ((tls_cert IS NULL AND tls_key_sealed IS NULL) OR (tls_cert IS NOT NULL AND tls_key_sealed IS NOT NULL))
);

CREATE TABLE target_labels (
    target TEXT NOT NULL REFERENCES targets (name),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (target, key)
);

-- A binding names one target, or a label (key=value) that covers every target carrying it, now or later.
-- selector is the binding as people write it ("prod-a" or "site=ka"); a target name never holds '='.
CREATE TABLE target_bindings (
    app         TEXT   NOT NULL REFERENCES apps (name),
    environment TEXT   NOT NULL,
    selector    TEXT   NOT NULL,
    target      TEXT   REFERENCES targets (name),
    label_key   TEXT,
    label_value TEXT,
    bound_at    BIGINT NOT NULL,
    bound_by    TEXT   NOT NULL,
    PRIMARY KEY (app, environment, selector),
    CHECK ((target IS NOT NULL AND label_key IS NULL AND label_value IS NULL)
        OR (target IS NULL AND label_key IS NOT NULL AND label_value IS NOT NULL))
);
CREATE INDEX target_bindings_by_target ON target_bindings (target);
