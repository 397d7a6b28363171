package dev.slipway.store;

import dev.slipway.forge.Forge;
import dev.slipway.forge.ForgeLogin;
import dev.slipway.forge.ForgeLoginRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlForgeLoginRepository implements ForgeLoginRepository {
    private static final String COLUMNS = "forge, login, user_name, created_at, created_by";
    private static final RowMapper<ForgeLogin> LOGIN = (rs, ctx) -> new ForgeLogin(Forge.of(rs.getString("forge")),
            rs.getString("login"), rs.getString("user_name"), Times.instant(rs, "created_at"),
            rs.getString("created_by"));

    private final Database db;

    public SqlForgeLoginRepository(Database database) {
        this.db = database;
    }

    @Override
    public boolean create(ForgeLogin link) {
        return db.inTransaction(h -> h.createUpdate("INSERT INTO forge_logins (" + COLUMNS + ", login_key) VALUES ("
                        + ":forge, :login, :user, :at, :by, :key) ON CONFLICT DO NOTHING")
                .bind("forge", link.forge().id()).bind("login", link.login()).bind("user", link.user())
                .bind("at", Times.millis(link.createdAt())).bind("by", link.createdBy()).bind("key", link.key())
                .execute()) > 0;
    }

    @Override
    public boolean remove(Forge forge, String user) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM forge_logins WHERE forge = :forge AND user_name = :user")
                .bind("forge", forge.id()).bind("user", user).execute()) > 0;
    }

    @Override
    public Optional<ForgeLogin> find(Forge forge, String login) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM forge_logins WHERE forge = :forge "
                        + "AND login_key = :key").bind("forge", forge.id()).bind("key", ForgeLogin.key(login))
                .map(LOGIN).findOne());
    }

    @Override
    public Optional<ForgeLogin> ofUser(Forge forge, String user) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM forge_logins WHERE forge = :forge "
                + "AND user_name = :user").bind("forge", forge.id()).bind("user", user).map(LOGIN).findOne());
    }

    @Override
    public List<ForgeLogin> ofUser(String user) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM forge_logins WHERE user_name = :user "
                + "ORDER BY forge").bind("user", user).map(LOGIN).list());
    }
}
