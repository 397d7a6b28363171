package dev.slipway.store;

import dev.slipway.auth.Protection;
import dev.slipway.auth.ProtectionRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlProtectionRepository implements ProtectionRepository {
    private static final String COLUMNS = "app, environment, is_protected, set_by, set_at";
    private static final RowMapper<Protection> PROTECTION = (rs, ctx) -> new Protection(rs.getString("app"),
            rs.getString("environment"), rs.getBoolean("is_protected"), rs.getString("set_by"),
            Times.instant(rs, "set_at"));

    private final Database db;

    public SqlProtectionRepository(Database database) {
        this.db = database;
    }

    @Override
    public void put(Protection p) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO protections (" + COLUMNS + ") VALUES (:app, :env, "
                        + ":isProtected, :by, :at) ON CONFLICT (app, environment) DO UPDATE SET "
                        + "is_protected = excluded.is_protected, set_by = excluded.set_by, set_at = excluded.set_at")
                .bind("app", p.app()).bind("env", p.environment()).bind("isProtected", p.isProtected())
                .bind("by", p.setBy()).bind("at", Times.millis(p.setAt())).execute());
        db.changed(p.app());
    }

    @Override
    public Optional<Protection> find(String app, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM protections WHERE app = :app "
                + "AND environment = :env").bind("app", app).bind("env", environment).map(PROTECTION).findOne());
    }

    @Override
    public List<Protection> of(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM protections WHERE app = :app "
                + "ORDER BY environment").bind("app", app).map(PROTECTION).list());
    }
}
