-- Kubernetes clusters as targets and executors (`slipway target add NAME --kubernetes …`, `slipway executor add NAME
-- --kubernetes …`): the namespace Slipway works in, the kubeconfig's context, and either the kubeconfig itself
-- (sealed like a TLS client key: it holds the cluster's credentials) or in_cluster (the pod's own service account,
-- nothing stored). endpoint is the cluster's API server URL as the kubeconfig names it, or 'in-cluster'.
-- SQLite cannot alter a CHECK constraint (kind), so targets is rebuilt with the two tables that reference it — the same
-- statements on both databases; the children are dropped before their parent, so no foreign key is broken on the way
-- (Flyway runs this in one transaction).

CREATE TABLE targets_v25 (
    name              TEXT    NOT NULL PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('docker', 'kubernetes')),
    endpoint          TEXT    NOT NULL,
    insecure          BOOLEAN NOT NULL,
    tls_ca            TEXT,
    tls_cert          TEXT,
    tls_key_sealed    TEXT,
    created_at        BIGINT  NOT NULL,
    created_by        TEXT    NOT NULL,
    namespace         TEXT,
    kube_context      TEXT,
    in_cluster        BOOLEAN NOT NULL DEFAULT FALSE,
    kubeconfig_sealed TEXT,
    CHECK ((tls_cert IS NULL AND tls_key_sealed IS NULL) OR (tls_cert IS NOT NULL AND tls_key_sealed IS NOT NULL)),
    CHECK ((kind = 'docker' AND namespace IS NULL AND kube_context IS NULL AND NOT in_cluster
                AND kubeconfig_sealed IS NULL)
        OR (kind = 'kubernetes' AND namespace IS NOT NULL AND tls_cert IS NULL AND NOT insecure
                AND ((in_cluster AND kubeconfig_sealed IS NULL AND kube_context IS NULL)
                  OR (NOT in_cluster AND kubeconfig_sealed IS NOT NULL AND kube_context IS NOT NULL))))
);

CREATE TABLE target_labels_v25 (
    target TEXT NOT NULL REFERENCES targets_v25 (name),
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (target, key)
);

CREATE TABLE target_bindings_v25 (
    app         TEXT   NOT NULL REFERENCES apps (name),
    environment TEXT   NOT NULL,
    selector    TEXT   NOT NULL,
    target      TEXT   REFERENCES targets_v25 (name),
    label_key   TEXT,
    label_value TEXT,
    bound_at    BIGINT NOT NULL,
    bound_by    TEXT   NOT NULL,
    PRIMARY KEY (app, environment, selector),
    CHECK ((target IS NOT NULL AND label_key IS NULL AND label_value IS NULL)
        OR (target IS NULL AND label_key IS NOT NULL AND label_value IS NOT NULL))
);

INSERT INTO targets_v25 (name, kind, endpoint, insecure, tls_ca, tls_cert, tls_key_sealed, created_at, created_by)
    SELECT name, kind, endpoint, insecure, tls_ca, tls_cert, tls_key_sealed, created_at, created_by FROM targets;
INSERT INTO target_labels_v25 (target, key, value) SELECT target, key, value FROM target_labels;
INSERT INTO target_bindings_v25 (app, environment, selector, target, label_key, label_value, bound_at, bound_by)
    SELECT app, environment, selector, target, label_key, label_value, bound_at, bound_by FROM target_bindings;

DROP TABLE target_bindings;
DROP TABLE target_labels;
DROP TABLE targets;
-- renaming the parent also renames the children's references to it (SQLite 3.26+, PostgreSQL by identity)
ALTER TABLE targets_v25 RENAME TO targets;
ALTER TABLE target_labels_v25 RENAME TO target_labels;
ALTER TABLE target_bindings_v25 RENAME TO target_bindings;
CREATE INDEX target_bindings_by_target ON target_bindings (target);

-- Executors: a kind (jobs as containers on a Docker engine, or as pods in a cluster's namespace) and, for a cluster,
-- the same four columns as a target. Nothing references executors, so columns are added in place.
ALTER TABLE executors ADD COLUMN kind TEXT NOT NULL DEFAULT 'docker' CHECK (kind IN ('docker', 'kubernetes'));
ALTER TABLE executors ADD COLUMN namespace TEXT;
ALTER TABLE executors ADD COLUMN kube_context TEXT;
ALTER TABLE executors ADD COLUMN in_cluster BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE executors ADD COLUMN kubeconfig_sealed TEXT;
