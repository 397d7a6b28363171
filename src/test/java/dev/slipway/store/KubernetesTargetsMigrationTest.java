package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.target.Target;
import dev.slipway.target.TargetCluster;
import dev.slipway.target.TargetKind;
import dev.slipway.target.TargetSelector;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V25 on a database that already has targets: the targets table is rebuilt (for its kind check) with its labels and
 * bindings, which keep pointing at it; executors get kind docker; kubernetes targets can then be stored.
 */
class KubernetesTargetsMigrationTest {
    @TempDir
    Path dir;

    @Test
    void targetsLabelsBindingsAndExecutorsSurviveOnSqlite() throws Exception {
        check(Database.sqliteUrl(dir));
    }

    @Test
    void targetsLabelsBindingsAndExecutorsSurviveOnPostgres() throws Exception {
        String schema = TestDatabases.postgresSchema();
        try {
            check(TestDatabases.PG + (TestDatabases.PG.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } finally {
            TestDatabases.dropPostgres(schema);
        }
    }

    private static void check(String url) throws Exception {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("24").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO apps (name, created_at, deployment_counter) VALUES ('web', 0, 0)");
            s.execute("INSERT INTO targets (name, kind, endpoint, insecure, tls_ca, tls_cert, tls_key_sealed, created_at, "
                    + "created_by) VALUES ('prod-a', 'docker', 'tcp://10.0.0.5:2376', FALSE, 'CA', 'CERT', 'v1:k', 5, "
                    + "'root')");
            s.execute("INSERT INTO target_labels (target, key, value) VALUES ('prod-a', 'site', 'ka')");
            s.execute("INSERT INTO target_bindings (app, environment, selector, target, bound_at, bound_by) VALUES "
                    + "('web', 'production', 'prod-a', 'prod-a', 6, 'root')");
            s.execute("INSERT INTO executors (name, endpoint, insecure, created_at, created_by) VALUES ('builds', "
                    + "'unix:///run/docker.sock', FALSE, 7, 'root')");
        }
        try (Database db = Database.open(url)) {
            SqlTargetRepository targets = new SqlTargetRepository(db);
            Target kept = targets.find("prod-a").orElseThrow();
            assertThat(kept.labels()).isEqualTo(Map.of("site", "ka"));
            assertThat(kept.tls().orElseThrow().sealedKey()).isEqualTo("v1:k");
            assertThat(kept.cluster()).isEmpty();
            assertThat(targets.bindings("web", "production")).extracting(b -> b.selector())
                    .containsExactly(new TargetSelector.Named("prod-a"));
            assertThat(new SqlExecutorRepository(db).find("builds").orElseThrow().kind()).isEqualTo(TargetKind.DOCKER);

            assertThat(targets.create(new Target("eu-1", TargetKind.KUBERNETES, "https://eu:6443", Optional.empty(),
                    false, Map.of(), Instant.ofEpochMilli(8), "root",
                    Optional.of(TargetCluster.kubeconfig("shop", "eu", "v1:kc"))))).isTrue();
            // the foreign keys still hold after the rebuild: a label of no target is refused, removal cascades nothing
            assertThat(targets.remove("eu-1")).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> targets.putLabel("nosuch", "k", "v"))
                    .isInstanceOf(RuntimeException.class);
        }
    }
}
