-- Every push of a manifest by a run, even of one the repository already holds: a run that pushes the same image as an
-- earlier run (same inputs, same digest) has pushed it too, and `image: { pushed: … }` asks which manifest it pushed.
-- image_manifests keeps the first record of a manifest (its provenance); this keeps each run's.
CREATE TABLE image_pushes (
    repository   TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    run          BIGINT  NOT NULL,
    pushed_by    TEXT    NOT NULL,
    pushed_at    BIGINT  NOT NULL,
    PRIMARY KEY (repository, run, digest),
    FOREIGN KEY (repository, digest) REFERENCES image_manifests (repository, digest) ON DELETE CASCADE
);
