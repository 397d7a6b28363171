package dev.slipway.store;

import dev.slipway.auth.Grant;
import dev.slipway.auth.GrantRepository;
import dev.slipway.auth.Role;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlGrantRepository implements GrantRepository {
    private static final String COLUMNS = "user_name, app, role, created_at";
    private static final RowMapper<Grant> GRANT = (rs, ctx) -> new Grant(rs.getString("user_name"),
            rs.getString("app"), Role.valueOf(rs.getString("role")), Times.instant(rs, "created_at"));

    private final Database db;

    public SqlGrantRepository(Database database) {
        this.db = database;
    }

    @Override
    public void put(Grant grant) {
        // An upsert both databases understand (PostgreSQL 9.5+, SQLite 3.24+): one statement, no read-then-write race.
        db.useTransaction(h -> h.createUpdate("INSERT INTO grants (" + COLUMNS + ") VALUES (:user, :app, :role, :at) "
                        + "ON CONFLICT (user_name, app) DO UPDATE SET role = excluded.role, created_at = excluded.created_at")
                .bind("user", grant.user()).bind("app", grant.app()).bind("role", grant.role().name())
                .bind("at", Times.millis(grant.createdAt())).execute());
    }

    @Override
    public List<Grant> of(String user) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM grants WHERE user_name = :user ORDER BY app")
                .bind("user", user).map(GRANT).list());
    }

    @Override
    public List<Grant> all() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM grants ORDER BY user_name, app")
                .map(GRANT).list());
    }
}
