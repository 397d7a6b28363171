package dev.slipway.forge;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface UpstreamRepository {
    /** Inserts the app's upstream; the app's row must exist. */
    void create(Upstream upstream);

    Optional<Upstream> find(String app);

    /** Every followed app, by name. */
    List<Upstream> list();

    /** The apps following the repository with this {@link RepositoryUrls#key}: a webhook's candidates. */
    List<Upstream> findByUrlKey(String urlKey);

    /**
     * Records a look at the upstream: {@code error} null when it went well (then {@code at} is the last good look
     * and the error is cleared); otherwise only the error is recorded.
     */
    void synced(String app, Instant at, String error);

    Optional<UpstreamState> state(String app);
}
