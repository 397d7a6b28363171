package dev.slipway.store;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.Rebuild;
import dev.slipway.pipeline.RebuildOutcome;
import dev.slipway.pipeline.RebuildRepository;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** Reproducibility checks; the differing entries are kept one per line. */
public final class SqlRebuildRepository implements RebuildRepository {
    private static final String COLUMNS = "app, id, commit_sha, run, artifact, rebuilt, outcome, differences, detail, "
            + "requested_by, started_at, finished_at";
    private static final RowMapper<Rebuild> REBUILD = (rs, ctx) -> new Rebuild(
            rs.getString("app"), rs.getLong("id"), rs.getString("commit_sha"), rs.getLong("run"),
            Digest.parse(rs.getString("artifact")),
            rs.getString("rebuilt") == null ? null : Digest.parse(rs.getString("rebuilt")),
            RebuildOutcome.valueOf(rs.getString("outcome")),
            rs.getString("differences") == null ? List.of() : Arrays.asList(rs.getString("differences").split("\n")),
            rs.getString("detail"), rs.getString("requested_by"), Times.instant(rs, "started_at"),
            Times.instant(rs, "finished_at"));

    private final Database db;

    public SqlRebuildRepository(Database database) {
        this.db = database;
    }

    @Override
    public Rebuild start(String app, String commit, long run, Digest artifact, String requestedBy, Instant at) {
        return db.inTransaction(h -> {
            long id = Counters.next(h, app, "rebuild_counter");
            h.createUpdate("INSERT INTO rebuilds (app, id, commit_sha, run, artifact, outcome, requested_by, started_at) "
                            + "VALUES (:app, :id, :commit, :run, :artifact, :outcome, :by, :at)")
                    .bind("app", app).bind("id", id).bind("commit", commit).bind("run", run)
                    .bind("artifact", artifact.toString()).bind("outcome", RebuildOutcome.RUNNING.name())
                    .bind("by", requestedBy).bind("at", Times.millis(at)).execute();
            return new Rebuild(app, id, commit, run, artifact, null, RebuildOutcome.RUNNING, List.of(), null,
                    requestedBy, Instant.ofEpochMilli(Times.millis(at)), null);
        });
    }

    @Override
    public boolean finish(String app, long id, RebuildOutcome outcome, Digest rebuilt, List<String> differences,
                          String detail, Instant at) {
        return db.withHandle(h -> h.createUpdate("UPDATE rebuilds SET outcome = :outcome, rebuilt = :rebuilt, "
                        + "differences = :differences, detail = :detail, finished_at = :at "
                        + "WHERE app = :app AND id = :id AND outcome = :running")
                .bind("outcome", outcome.name()).bind("rebuilt", rebuilt == null ? null : rebuilt.toString())
                .bind("differences", differences.isEmpty() ? null : String.join("\n", differences))
                .bind("detail", detail).bind("at", Times.millis(at)).bind("app", app).bind("id", id)
                .bind("running", RebuildOutcome.RUNNING.name()).execute()) == 1;
    }

    @Override
    public boolean restart(String app, long id, Instant at) {
        return db.withHandle(h -> h.createUpdate("UPDATE rebuilds SET started_at = :at "
                        + "WHERE app = :app AND id = :id AND outcome = :running")
                .bind("at", Times.millis(at)).bind("app", app).bind("id", id)
                .bind("running", RebuildOutcome.RUNNING.name()).execute()) == 1;
    }

    @Override
    public Optional<Rebuild> find(String app, long id) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE app = :app AND id = :id")
                .bind("app", app).bind("id", id).map(REBUILD).findOne());
    }

    @Override
    public List<Rebuild> list(String app, String commitPrefix, int limit) {
        String where = commitPrefix == null ? "" : " AND commit_sha LIKE :prefix";
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE app = :app" + where
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("app", app).bind("prefix", commitPrefix == null ? null : likePrefix(commitPrefix))
                .bind("limit", limit).map(REBUILD).list());
    }

    @Override
    public List<Rebuild> ofArtifact(String app, Digest artifact, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE app = :app "
                        + "AND artifact = :artifact ORDER BY id DESC LIMIT :limit")
                .bind("app", app).bind("artifact", artifact.toString()).bind("limit", limit).map(REBUILD).list());
    }

    @Override
    public List<Rebuild> unfinished() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE outcome = :running "
                        + "ORDER BY started_at, app, id")
                .bind("running", RebuildOutcome.RUNNING.name()).map(REBUILD).list());
    }

    /** Commit ids are hex: nothing in them needs escaping, but anything else is refused before it reaches LIKE. */
    private static String likePrefix(String prefix) {
        if (!prefix.matches("[0-9a-fA-F]{1,64}")) {
            throw new IllegalArgumentException("not a commit id: " + prefix);
        }
        return prefix.toLowerCase(java.util.Locale.ROOT) + "%";
    }
}
