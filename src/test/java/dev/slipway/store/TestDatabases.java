package dev.slipway.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real databases for the contract suites: SQLite in a temp dir, and PostgreSQL (started by .ci/run) in a schema
 * of its own per suite, dropped afterwards. SLIPWAY_TEST_PG overrides where PostgreSQL is.
 */
final class TestDatabases {
    static final String PG = System.getenv().getOrDefault("SLIPWAY_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/slipway_test?user=slipway&password=slipway");

    private TestDatabases() {}

    static Database sqlite(Path dir) {
        return Database.open(Database.sqliteUrl(dir));
    }

    /** A fresh schema; PostgreSQL must be running — a contract suite that silently skips proves nothing. */
    static String postgresSchema() throws SQLException {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    static Database postgres(String schema) {
        return Database.open(PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    static void dropPostgres(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
