package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.environment.Deployment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V4 on a database that already has history: deployments retired before it get the time they were replaced. */
class PromotionMigrationTest {
    @TempDir
    Path dir;

    @Test
    void retiredDeploymentsGetTheTimeTheNextOneWentLiveOnSqlite() throws Exception {
        check(Database.sqliteUrl(dir));
    }

    @Test
    void retiredDeploymentsGetTheTimeTheNextOneWentLiveOnPostgres() throws Exception {
        String schema = TestDatabases.postgresSchema();
        try {
            check(TestDatabases.PG + (TestDatabases.PG.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        } finally {
            TestDatabases.dropPostgres(schema);
        }
    }

    private static void check(String url) throws Exception {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO apps (name, created_at, deployment_counter) VALUES ('hello', 0, 4)");
            insert(s, 1, "staging", "RETIRED", 1000);
            insert(s, 2, "staging", "FAILED", 2000);
            insert(s, 3, "staging", "LIVE", 5000);
            insert(s, 4, "production", "LIVE", 3000);
        }
        try (Database db = Database.open(url)) {
            SqlDeploymentRepository deployments = new SqlDeploymentRepository(db);
            Deployment retired = deployments.find("hello", 1).orElseThrow();
            assertThat(retired.retiredAt()).isEqualTo(Instant.ofEpochMilli(5000));
            assertThat(deployments.find("hello", 3).orElseThrow().retiredAt()).isNull();
            assertThat(deployments.find("hello", 2).orElseThrow().retiredAt()).isNull();
        }
    }

    private static void insert(Statement s, long id, String env, String state, long finishedAt) throws Exception {
        s.execute("INSERT INTO deployments (app, id, environment, digest, commit_sha, run, trigger_kind, actor, command, "
                + "health, start_timeout_ms, config, state, created_at, finished_at) VALUES ('hello', " + id + ", '" + env
                + "', 'sha256:" + "a".repeat(64) + "', '" + "c".repeat(40) + "', 1, 'PUSH', 'alice', './run', '/', "
                + "30000, '{}', '" + state + "', 0, " + finishedAt + ")");
    }
}
