package dev.slipway.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A TokenRepository for tests of what sits above it; the SQL one has its own contract suite. */
final class InMemoryTokens implements TokenRepository {
    private final Map<String, StoredToken> tokens = new LinkedHashMap<>();

    @Override
    public void create(TokenInfo info, String secretHash) {
        if (tokens.putIfAbsent(info.id(), new StoredToken(info, secretHash)) != null) {
            throw new IllegalStateException("duplicate token id " + info.id());
        }
    }

    @Override
    public Optional<StoredToken> find(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    @Override
    public List<TokenInfo> list(String userOrNull) {
        List<TokenInfo> list = new ArrayList<>();
        for (StoredToken token : tokens.values()) {
            if (userOrNull == null || userOrNull.equals(token.info().user())) {
                list.add(token.info());
            }
        }
        return list;
    }

    @Override
    public boolean revoke(String id, Instant at) {
        StoredToken token = tokens.get(id);
        if (token == null || token.info().revokedAt() != null) {
            return false;
        }
        TokenInfo info = token.info();
        tokens.put(id, new StoredToken(new TokenInfo(info.id(), info.user(), info.createdAt(), info.expiresAt(), at),
                token.secretHash()));
        return true;
    }
}
