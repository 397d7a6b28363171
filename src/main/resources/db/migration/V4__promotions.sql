-- Promotions, their approvals, and when a live deployment was retired (soak time needs both ends of its time live).
-- Portable between SQLite and PostgreSQL like V1: TEXT, BIGINT epoch millis, per-app counters.

ALTER TABLE apps ADD COLUMN promotion_counter BIGINT NOT NULL DEFAULT 0;

ALTER TABLE deployments ADD COLUMN retired_at BIGINT;
-- A deployment retired before this column existed was retired when the next one went live (its finished_at).
UPDATE deployments SET retired_at = (
    SELECT MIN(later.finished_at) FROM deployments later
    WHERE later.app = deployments.app AND later.environment = deployments.environment
      AND later.id > deployments.id AND later.state IN ('LIVE', 'RETIRED'))
WHERE state = 'RETIRED';

CREATE TABLE promotions (
    app          TEXT    NOT NULL REFERENCES apps (name),
    id           BIGINT  NOT NULL,
    environment  TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    commit_sha   TEXT    NOT NULL,
    run          BIGINT  NOT NULL,
    source       TEXT    NOT NULL CHECK (source IN ('CLI','API','TAG','PUSH')),
    requested_by TEXT    NOT NULL,
    author       TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('PENDING','APPROVED','DEPLOYING','SUCCEEDED','FAILED','ERRORED',
                                                   'REJECTED','CANCELLED')),
    reason       TEXT,
    deployment   BIGINT,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (app, id)
);
CREATE INDEX promotions_by_state ON promotions (state);

-- One decision per user and promotion: approving twice does not count twice.
CREATE TABLE promotion_approvals (
    app        TEXT    NOT NULL,
    promotion  BIGINT  NOT NULL,
    user_name  TEXT    NOT NULL,
    decision   TEXT    NOT NULL CHECK (decision IN ('APPROVE','REJECT')),
    reason     TEXT,
    decided_at BIGINT  NOT NULL,
    PRIMARY KEY (app, promotion, user_name),
    FOREIGN KEY (app, promotion) REFERENCES promotions (app, id)
);
