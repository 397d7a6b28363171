-- Slipway's OCI registry: manifests per repository (APP or APP/NAME), the blobs each repository may serve, and tags.
-- Blobs themselves are files of the content-addressed artifact store. Portable between SQLite and PostgreSQL like V1.
CREATE TABLE image_manifests (
    repository   TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    app          TEXT    NOT NULL REFERENCES apps (name),
    media_type   TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    image_size   BIGINT  NOT NULL,
    config       TEXT,
    layers       TEXT    NOT NULL,
    children     TEXT    NOT NULL,
    run          BIGINT,
    pushed_by    TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (repository, digest)
);
CREATE INDEX image_manifests_by_app ON image_manifests (app, digest);
CREATE INDEX image_manifests_by_run ON image_manifests (repository, run);

CREATE TABLE image_blob_links (
    repository   TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    linked_at    BIGINT  NOT NULL,
    PRIMARY KEY (repository, digest)
);

CREATE TABLE image_tags (
    repository   TEXT    NOT NULL,
    tag          TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    owner        TEXT    NOT NULL,
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (repository, tag)
);
CREATE INDEX image_tags_by_digest ON image_tags (digest);
