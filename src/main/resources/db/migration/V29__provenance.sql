-- Signed build provenance (issue #18): one DSSE envelope (an in-toto statement with a SLSA v1 predicate) per artifact
-- Slipway built, written in the transaction that moves its run to SUCCEEDED. A digest pushed to the registry by a
-- client has none. key_id names the signing key (current or retired, see /api/v1/keys).
CREATE TABLE provenance (
    app        TEXT   NOT NULL,
    digest     TEXT   NOT NULL,
    run        BIGINT NOT NULL,
    key_id     TEXT   NOT NULL,
    envelope   TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (app, digest)
);
