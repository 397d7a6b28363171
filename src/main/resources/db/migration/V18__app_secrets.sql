-- App-wide secrets: one value for the whole app, in no environment (credentials Slipway uses on the app's behalf:
-- an external registry, a base image's registry). A table of their own, not a reserved environment value, so no
-- environment a user names can ever mean "app-wide". Sealed like V5's secrets (dev.slipway.secret.SecretBox).

CREATE TABLE app_secrets (
    app         TEXT    NOT NULL REFERENCES apps (name),
    name        TEXT    NOT NULL,
    ciphertext  TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL,
    PRIMARY KEY (app, name)
);
