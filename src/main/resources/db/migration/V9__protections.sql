-- What an admin said about an environment's protection (`slipway protect` / `slipway unprotect`): the server's word,
-- which a pipeline file can make stricter but never weaker. No row: `production` is protected, any other
-- environment as its pipeline file says.
CREATE TABLE protections (
    app          TEXT    NOT NULL REFERENCES apps (name),
    environment  TEXT    NOT NULL,
    is_protected BOOLEAN NOT NULL,
    set_by       TEXT    NOT NULL,
    set_at       BIGINT  NOT NULL,
    PRIMARY KEY (app, environment)
);
