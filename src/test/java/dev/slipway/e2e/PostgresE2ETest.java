package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same push → staging path with the server on PostgreSQL (--db), surviving a restart. */
class PostgresE2ETest extends E2E {
    static final String PG = System.getenv().getOrDefault("SLIPWAY_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/slipway_test?user=slipway&password=slipway");
    static String schema;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        schema = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        server = ServerProcess.start(tmp.resolve("data"), PG + "&currentSchema=" + schema);
        cli = new CliRunner(server.url());
        api = new Api(server.url());
    }

    @AfterAll
    static void stop() throws Exception {
        stopServer();
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void pushToStagingOnPostgres() throws Exception {
        createApp("pg");
        GitClient git = exampleRepo(tmp.resolve("pg"));
        JsonNode run = awaitRun("pg", pushedRun(git.push(server.pushUrl("pg"), "HEAD:refs/heads/main").ok()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        JsonNode staging = awaitServing("pg", "staging", "hello from staging, version 1.0.0");
        assertThat(staging.get("digest").asText()).isEqualTo(run.get("artifact").asText());

        server.restart();
        JsonNode again = awaitServing("pg", "staging", "hello from staging, version 1.0.0");
        assertThat(again.get("url").asText()).isEqualTo(staging.get("url").asText());
        assertThat(api.run("pg", run.get("number").asLong()).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    /** Two servers with their own data directories on one database would both run crash recovery on it. */
    @Test
    void aSecondServerOnTheSameDatabaseExitsAtOnceNamingTheFirst() throws Exception {
        ServerStartE2ETest.Exit second = ServerStartE2ETest.run("server", "--data", tmp.resolve("other").toString(),
                "--port", "0", "--db", PG + "&currentSchema=" + schema);

        assertThat(second.code()).isNotZero();
        assertThat(second.output()).contains("in use by another Slipway server").contains("pid " + server.pid())
                .contains("password=***").doesNotContain("password=slipway");
        ServerStartE2ETest.assertOneLine(second);
        // a server on another schema of the same PostgreSQL database is another Slipway: it starts
        String otherSchema = schema + "_b";
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + otherSchema);
        }
        try (ServerProcess other = ServerProcess.start(tmp.resolve("third"), PG + "&currentSchema=" + otherSchema)) {
            assertThat(other.logText()).contains("Slipway is serving");
        } finally {
            try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + otherSchema + " CASCADE");
            }
        }
    }
}
