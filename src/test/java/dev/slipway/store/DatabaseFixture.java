package dev.slipway.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Gives each contract test a fresh, migrated database of the kind the subclass names. */
abstract class DatabaseFixture {
    enum Kind { SQLITE, POSTGRES }

    protected Database db;
    private String schema;
    private Path dir;

    abstract Kind kind();

    @BeforeEach
    void openDatabase() throws Exception {
        if (kind() == Kind.SQLITE) {
            dir = Files.createTempDirectory("slipway-db");
            db = TestDatabases.sqlite(dir);
        } else {
            schema = TestDatabases.postgresSchema();
            db = TestDatabases.postgres(schema);
        }
    }

    @AfterEach
    void closeDatabase() throws Exception {
        db.close();
        if (schema != null) {
            TestDatabases.dropPostgres(schema);
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
