package dev.slipway.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TokenRepository {
    /** Stores the token's public part and the hash of its secret, inside the caller's transaction if there is one. */
    void create(TokenInfo info, String secretHash);

    Optional<StoredToken> find(String id);

    /** The tokens of one user, or of everyone when {@code userOrNull} is null, oldest first. */
    List<TokenInfo> list(String userOrNull);

    /** Marks the token revoked unless it already is (compare-and-set); true if this call revoked it. */
    boolean revoke(String id, Instant at);
}
