-- OCI 1.1 referrers (issue #18): a manifest may name another as its subject (a signature, an SBOM, an attestation of
-- an image). artifact_type is what the referrers API lists: the manifest's artifactType, else its config's media type.
-- annotations: the manifest's annotations as a JSON object (NULL when it has none).
ALTER TABLE image_manifests ADD COLUMN subject TEXT;
ALTER TABLE image_manifests ADD COLUMN artifact_type TEXT;
ALTER TABLE image_manifests ADD COLUMN annotations TEXT;
CREATE INDEX image_manifests_by_subject ON image_manifests (repository, subject);

-- A job's software bill of materials (a CycloneDX JSON file the job declared with `sbom:`), kept with the artifact the
-- run built: the document itself is a blob of the content store, this row says whose it is and what it holds.
CREATE TABLE sboms (
    app          TEXT    NOT NULL REFERENCES apps (name),
    artifact     TEXT    NOT NULL,
    job          TEXT    NOT NULL,
    run          BIGINT  NOT NULL,
    digest       TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    spec_version TEXT    NOT NULL,
    components   INTEGER NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (app, artifact, job)
);
CREATE INDEX sboms_by_run ON sboms (app, run);
