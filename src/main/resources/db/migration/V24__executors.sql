-- Executors: Docker engines an admin gave jobs to run on (`slipway executor add`); a job with `container:` runs there.
-- Endpoint and TLS as for targets (V21): the client key sealed like secrets, CA and certificate public.
CREATE TABLE executors (
    name           TEXT    NOT NULL PRIMARY KEY,
    endpoint       TEXT    NOT NULL,
    insecure       BOOLEAN NOT NULL,
    tls_ca         TEXT,
    tls_cert       TEXT,
    tls_key_sealed TEXT,
    created_at     BIGINT  NOT NULL,
    created_by     TEXT    NOT NULL,
    CHECK ((tls_cert IS NULL AND tls_key_sealed IS NULL) OR (tls_cert IS NOT NULL AND tls_key_sealed IS NOT NULL))
);
