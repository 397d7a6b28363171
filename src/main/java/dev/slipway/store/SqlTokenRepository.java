package dev.slipway.store;

import dev.slipway.auth.StoredToken;
import dev.slipway.auth.TokenInfo;
import dev.slipway.auth.TokenRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlTokenRepository implements TokenRepository {
    private static final String INFO_COLUMNS = "id, user_name, created_at, expires_at, revoked_at";
    private static final RowMapper<TokenInfo> INFO = (rs, ctx) -> new TokenInfo(
            rs.getString("id"), rs.getString("user_name"), Times.instant(rs, "created_at"),
            Times.instant(rs, "expires_at"), Times.instant(rs, "revoked_at"));

    private final Database db;

    public SqlTokenRepository(Database database) {
        this.db = database;
    }

    @Override
    public void create(TokenInfo info, String secretHash) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO tokens (id, user_name, secret_hash, created_at, expires_at, "
                        + "revoked_at) VALUES (:id, :user, :hash, :createdAt, :expiresAt, :revokedAt)")
                .bind("id", info.id()).bind("user", info.user()).bind("hash", secretHash)
                .bind("createdAt", Times.millis(info.createdAt())).bind("expiresAt", Times.millis(info.expiresAt()))
                .bind("revokedAt", Times.millis(info.revokedAt())).execute());
    }

    @Override
    public Optional<StoredToken> find(String id) {
        return db.withHandle(h -> h.createQuery("SELECT " + INFO_COLUMNS + ", secret_hash FROM tokens WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new StoredToken(INFO.map(rs, ctx), rs.getString("secret_hash"))).findOne());
    }

    @Override
    public List<TokenInfo> list(String userOrNull) {
        if (userOrNull == null) {
            return db.withHandle(h -> h.createQuery("SELECT " + INFO_COLUMNS + " FROM tokens ORDER BY created_at, id")
                    .map(INFO).list());
        }
        return db.withHandle(h -> h.createQuery("SELECT " + INFO_COLUMNS + " FROM tokens WHERE user_name = :user "
                        + "ORDER BY created_at, id")
                .bind("user", userOrNull).map(INFO).list());
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return db.withHandle(h -> h.createUpdate("UPDATE tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", Times.millis(at)).bind("id", id).execute()) == 1;
    }
}
