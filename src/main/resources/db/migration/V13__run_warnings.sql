-- What a run could not do that its pusher should know, though the run itself succeeded: e.g. a branch whose name
-- collides with another's environment (feature/a.b and feature/a-b both make dev-feature-a-b). Said once per text.
CREATE TABLE run_warnings (
    app        TEXT    NOT NULL,
    run        BIGINT  NOT NULL,
    warning    TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (app, run, warning),
    FOREIGN KEY (app, run) REFERENCES runs (app, number)
);
