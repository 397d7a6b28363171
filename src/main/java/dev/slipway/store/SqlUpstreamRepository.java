package dev.slipway.store;

import dev.slipway.forge.Forge;
import dev.slipway.forge.Upstream;
import dev.slipway.forge.UpstreamRepository;
import dev.slipway.forge.UpstreamState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlUpstreamRepository implements UpstreamRepository {
    private static final String COLUMNS = "app, url, forge, api_url, branch_filter, known_hosts, poll_seconds, "
            + "report_statuses, report_deployments, created_at, created_by";
    private static final RowMapper<Upstream> UPSTREAM = (rs, ctx) -> new Upstream(rs.getString("app"),
            rs.getString("url"), Optional.ofNullable(rs.getString("forge")).map(Forge::of),
            Optional.ofNullable(rs.getString("api_url")), Optional.ofNullable(rs.getString("branch_filter")),
            Optional.ofNullable(rs.getString("known_hosts")), Duration.ofSeconds(rs.getLong("poll_seconds")),
            rs.getBoolean("report_statuses"), rs.getBoolean("report_deployments"), Times.instant(rs, "created_at"),
            rs.getString("created_by"));

    private final Database db;

    public SqlUpstreamRepository(Database database) {
        this.db = database;
    }

    @Override
    public void create(Upstream u) {
        db.useHandle(h -> h.createUpdate("INSERT INTO app_upstreams (" + COLUMNS + ", url_key) VALUES (:app, :url, "
                        + ":forge, :api, :filter, :known, :poll, :statuses, :deployments, :at, :by, :key)")
                .bind("app", u.app()).bind("url", u.url()).bind("forge", u.forge().map(Forge::id).orElse(null))
                .bind("api", u.apiUrl().orElse(null)).bind("filter", u.branchFilter().orElse(null))
                .bind("known", u.knownHosts().orElse(null)).bind("poll", u.pollInterval().toSeconds())
                .bind("statuses", u.reportStatuses()).bind("deployments", u.reportDeployments())
                .bind("at", Times.millis(u.createdAt())).bind("by", u.createdBy()).bind("key", u.urlKey()).execute());
    }

    @Override
    public Optional<Upstream> find(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM app_upstreams WHERE app = :app")
                .bind("app", app).map(UPSTREAM).findOne());
    }

    @Override
    public List<Upstream> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM app_upstreams ORDER BY app")
                .map(UPSTREAM).list());
    }

    @Override
    public List<Upstream> findByUrlKey(String urlKey) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM app_upstreams WHERE url_key = :key "
                + "ORDER BY app").bind("key", urlKey).map(UPSTREAM).list());
    }

    @Override
    public void synced(String app, Instant at, String error) {
        if (error != null) { // synced_at stays the last look that went well
            db.useHandle(h -> h.createUpdate("UPDATE app_upstreams SET sync_error = :error WHERE app = :app")
                    .bind("app", app).bind("error", error).execute());
            return;
        }
        db.useHandle(h -> h.createUpdate("UPDATE app_upstreams SET synced_at = :at, sync_error = NULL WHERE app = :app")
                .bind("app", app).bind("at", Times.millis(at)).execute());
    }

    @Override
    public Optional<UpstreamState> state(String app) {
        return db.withHandle(h -> h.createQuery("SELECT synced_at, sync_error FROM app_upstreams WHERE app = :app")
                .bind("app", app).map((rs, ctx) -> new UpstreamState(Optional.ofNullable(Times.instant(rs,
                        "synced_at")), Optional.ofNullable(rs.getString("sync_error")))).findOne());
    }
}
