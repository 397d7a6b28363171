package dev.slipway.store;

import dev.slipway.secret.AppSecretId;
import dev.slipway.secret.SecretId;
import dev.slipway.secret.SecretRepository;
import dev.slipway.secret.StoredAppSecret;
import dev.slipway.secret.StoredSecret;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlSecretRepository implements SecretRepository {
    private static final String COLUMNS = "app, environment, name, ciphertext, updated_at, updated_by";
    private static final RowMapper<StoredSecret> SECRET = (rs, ctx) -> new StoredSecret(
            new SecretId(rs.getString("app"), rs.getString("environment"), rs.getString("name")),
            rs.getString("ciphertext"), Times.instant(rs, "updated_at"), rs.getString("updated_by"));

    private static final String APP_WIDE_COLUMNS = "app, name, ciphertext, updated_at, updated_by";
    private static final RowMapper<StoredAppSecret> APP_WIDE = (rs, ctx) -> new StoredAppSecret(
            new AppSecretId(rs.getString("app"), rs.getString("name")),
            rs.getString("ciphertext"), Times.instant(rs, "updated_at"), rs.getString("updated_by"));

    private final Database db;

    public SqlSecretRepository(Database database) {
        this.db = database;
    }

    @Override
    public void put(StoredSecret secret) {
        // one statement both databases understand: no read-then-write race between two setters
        db.useHandle(h -> h.createUpdate("INSERT INTO secrets (" + COLUMNS + ") VALUES (:app, :env, :name, "
                        + ":ciphertext, :at, :by) ON CONFLICT (app, environment, name) DO UPDATE SET "
                        + "ciphertext = excluded.ciphertext, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("app", secret.id().app()).bind("env", secret.id().environment()).bind("name", secret.id().name())
                .bind("ciphertext", secret.ciphertext()).bind("at", Times.millis(secret.updatedAt()))
                .bind("by", secret.updatedBy()).execute());
    }

    @Override
    public Optional<StoredSecret> find(SecretId id) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets "
                        + "WHERE app = :app AND environment = :env AND name = :name")
                .bind("app", id.app()).bind("env", id.environment()).bind("name", id.name()).map(SECRET).findOne());
    }

    @Override
    public List<StoredSecret> of(String app, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets "
                        + "WHERE app = :app AND environment = :env ORDER BY name")
                .bind("app", app).bind("env", environment).map(SECRET).list());
    }

    @Override
    public List<StoredSecret> of(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE app = :app "
                        + "ORDER BY environment, name")
                .bind("app", app).map(SECRET).list());
    }

    @Override
    public void putAppWide(StoredAppSecret secret) {
        db.useHandle(h -> h.createUpdate("INSERT INTO app_secrets (" + APP_WIDE_COLUMNS + ") VALUES (:app, :name, "
                        + ":ciphertext, :at, :by) ON CONFLICT (app, name) DO UPDATE SET ciphertext = excluded.ciphertext, "
                        + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("app", secret.id().app()).bind("name", secret.id().name())
                .bind("ciphertext", secret.ciphertext()).bind("at", Times.millis(secret.updatedAt()))
                .bind("by", secret.updatedBy()).execute());
    }

    @Override
    public Optional<StoredAppSecret> findAppWide(AppSecretId id) {
        return db.withHandle(h -> h.createQuery("SELECT " + APP_WIDE_COLUMNS + " FROM app_secrets "
                        + "WHERE app = :app AND name = :name")
                .bind("app", id.app()).bind("name", id.name()).map(APP_WIDE).findOne());
    }

    @Override
    public List<StoredAppSecret> appWide(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + APP_WIDE_COLUMNS + " FROM app_secrets WHERE app = :app "
                        + "ORDER BY name")
                .bind("app", app).map(APP_WIDE).list());
    }

    @Override
    public boolean removeAppWide(AppSecretId id) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM app_secrets WHERE app = :app AND name = :name")
                .bind("app", id.app()).bind("name", id.name()).execute()) > 0;
    }
}
