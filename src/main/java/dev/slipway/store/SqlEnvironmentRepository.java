package dev.slipway.store;

import dev.slipway.environment.Environment;
import dev.slipway.environment.EnvironmentRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementException;

public final class SqlEnvironmentRepository implements EnvironmentRepository {
    private static final String COLUMNS = "app, name, spec_name, branch, port, live_deployment, created_at, ttl_ms";
    private static final RowMapper<Environment> ENVIRONMENT = (rs, ctx) -> new Environment(
            rs.getString("app"), rs.getString("name"), rs.getString("spec_name"), rs.getString("branch"),
            rs.getInt("port"), Times.nullableLong(rs, "live_deployment"), Times.instant(rs, "created_at"),
            ttl(Times.nullableLong(rs, "ttl_ms")));
    private static final int ATTEMPTS = 5;

    private final Database db;

    public SqlEnvironmentRepository(Database database) {
        this.db = database;
    }

    @Override
    public Environment ensure(String app, String name, String specName, String branch, IntSupplier freePort, Instant at) {
        StatementException lastError = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Environment> existing = find(app, name);
            if (existing.isPresent()) {
                return existing.get();
            }
            int port = freePort.getAsInt();
            try {
                db.useHandle(h -> h.createUpdate("INSERT INTO environments (app, name, spec_name, branch, port, created_at) "
                                + "VALUES (:app, :name, :spec, :branch, :port, :at)")
                        .bind("app", app).bind("name", name).bind("spec", specName).bind("branch", branch)
                        .bind("port", port).bind("at", Times.millis(at)).execute());
            } catch (StatementException e) {
                lastError = e; // another environment took the port, or a concurrent ensure created this one: look again
            }
        }
        StatementException last = lastError;
        return find(app, name).orElseThrow(() -> new IllegalStateException(
                "cannot record environment " + app + "/" + name, last));
    }

    @Override
    public Optional<Environment> find(String app, String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM environments WHERE app = :app AND name = :name")
                .bind("app", app).bind("name", name).map(ENVIRONMENT).findOne());
    }

    @Override
    public List<Environment> list(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM environments WHERE app = :app ORDER BY created_at, name")
                .bind("app", app).map(ENVIRONMENT).list());
    }

    @Override
    public List<Environment> all() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM environments ORDER BY app, name")
                .map(ENVIRONMENT).list());
    }

    @Override
    public List<Environment> fixed() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM environments WHERE branch IS NULL "
                + "ORDER BY app, name").map(ENVIRONMENT).list());
    }

    @Override
    public void setTtl(String app, String name, Duration ttl) {
        db.useHandle(h -> h.createUpdate("UPDATE environments SET ttl_ms = :ttl WHERE app = :app AND name = :name")
                .bind("ttl", ttl == null ? null : ttl.toMillis()).bind("app", app).bind("name", name).execute());
    }

    @Override
    public boolean movePort(String app, String name, int from, int to) {
        return db.withHandle(h -> h.createUpdate("UPDATE environments SET port = :to WHERE app = :app AND name = :name "
                        + "AND port = :from")
                .bind("to", to).bind("app", app).bind("name", name).bind("from", from).execute()) == 1;
    }

    @Override
    public boolean delete(String app, String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM environments WHERE app = :app AND name = :name")
                .bind("app", app).bind("name", name).execute()) == 1;
    }

    private static Duration ttl(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }
}
