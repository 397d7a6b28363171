-- Portable between SQLite and PostgreSQL like V1: TEXT keys, BIGINT epoch millis, no identity columns.

-- A forge login linked to a Slipway user (`slipway user link bob --github octocat`): a webhook's pusher is then that
-- user, so "not the author" and the audit name a person Slipway knows rather than forge:octocat. Logins are matched
-- without regard to case (the forges treat them so): login_key is the login in lower case, login as it was typed.
CREATE TABLE forge_logins (
    forge      TEXT   NOT NULL,
    login_key  TEXT   NOT NULL,
    login      TEXT   NOT NULL,
    user_name  TEXT   NOT NULL REFERENCES users (name),
    created_at BIGINT NOT NULL,
    created_by TEXT   NOT NULL,
    PRIMARY KEY (forge, login_key),
    -- one login per user per forge: `PUT /users/{user}/links/{forge}` replaces it
    UNIQUE (forge, user_name)
);

-- Every webhook delivery a followed app received, kept newest 1000 per app (pruned on insert): what came, and what
-- came of it (refused and why, ignored, or the mirror's line once its fetch ended). id counts per app, from
-- apps.hook_counter. The UNIQUE key is how a replayed delivery is known: an insert that conflicts is a replay.
CREATE TABLE hook_deliveries (
    app          TEXT   NOT NULL REFERENCES apps (name),
    id           BIGINT NOT NULL,
    forge        TEXT   NOT NULL,
    delivery_id  TEXT   NOT NULL,
    event        TEXT   NOT NULL,
    ref          TEXT,
    received_at  BIGINT NOT NULL,
    -- REFUSED | IGNORED | ACCEPTED (fetching) | FETCHED | ERRORED
    outcome      TEXT   NOT NULL,
    detail       TEXT,
    PRIMARY KEY (app, id),
    UNIQUE (app, forge, delivery_id)
);

ALTER TABLE apps ADD COLUMN hook_counter BIGINT NOT NULL DEFAULT 0;
