package dev.slipway.store;

import dev.slipway.app.App;
import dev.slipway.app.AppRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlAppRepository implements AppRepository {
    private static final RowMapper<App> APP = (rs, ctx) -> new App(rs.getString("name"), Times.instant(rs, "created_at"));

    private final Database db;

    public SqlAppRepository(Database database) {
        this.db = database;
    }

    @Override
    public void create(App app, Runnable alsoInTransaction) {
        db.useTransaction(h -> {
            h.createUpdate("INSERT INTO apps (name, created_at) VALUES (:name, :at)")
                    .bind("name", app.name()).bind("at", Times.millis(app.createdAt())).execute();
            alsoInTransaction.run();
        });
    }

    @Override
    public Optional<App> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT name, created_at FROM apps WHERE name = :name")
                .bind("name", name).map(APP).findOne());
    }

    @Override
    public List<App> list() {
        return db.withHandle(h -> h.createQuery("SELECT name, created_at FROM apps ORDER BY name").map(APP).list());
    }
}
