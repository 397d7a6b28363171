package dev.slipway.store;

import dev.slipway.auth.User;
import dev.slipway.auth.UserRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlUserRepository implements UserRepository {
    private static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("name"), Times.instant(rs, "created_at"));

    private final Database db;

    public SqlUserRepository(Database database) {
        this.db = database;
    }

    @Override
    public void create(User user) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO users (name, created_at) VALUES (:name, :at)")
                .bind("name", user.name()).bind("at", Times.millis(user.createdAt())).execute());
    }

    @Override
    public Optional<User> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT name, created_at FROM users WHERE name = :name")
                .bind("name", name).map(USER).findOne());
    }

    @Override
    public List<User> list() {
        return db.withHandle(h -> h.createQuery("SELECT name, created_at FROM users ORDER BY name").map(USER).list());
    }
}
