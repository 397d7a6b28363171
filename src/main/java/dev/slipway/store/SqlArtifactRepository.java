package dev.slipway.store;

import dev.slipway.artifact.Artifact;
import dev.slipway.artifact.ArtifactRepository;
import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

public final class SqlArtifactRepository implements ArtifactRepository {
    private static final String COLUMNS = "app, digest, commit_sha, tree_id, pipeline_digest, run, size, created_at";
    private static final RowMapper<Artifact> ARTIFACT = (rs, ctx) -> new Artifact(
            rs.getString("app"), Digest.parse(rs.getString("digest")), rs.getString("commit_sha"),
            rs.getString("tree_id"), rs.getString("pipeline_digest"), rs.getLong("run"), rs.getLong("size"),
            Times.instant(rs, "created_at"));

    private final Database db;

    public SqlArtifactRepository(Database database) {
        this.db = database;
    }

    @Override
    public void record(Artifact a) {
        db.useHandle(h -> h.createUpdate("INSERT INTO artifacts (" + COLUMNS + ") VALUES (:app, :digest, :commit, "
                        + ":tree, :pipeline, :run, :size, :at) ON CONFLICT (app, digest) DO UPDATE SET collected_at = NULL")
                .bind("app", a.app()).bind("digest", a.digest().toString()).bind("commit", a.commit())
                .bind("tree", a.treeId()).bind("pipeline", a.pipelineDigest()).bind("run", a.run())
                .bind("size", a.size()).bind("at", Times.millis(a.createdAt())).execute());
    }

    @Override
    public void markCollected(Digest digest, Instant at) {
        db.useHandle(h -> h.createUpdate("UPDATE artifacts SET collected_at = :at WHERE digest = :digest "
                        + "AND collected_at IS NULL")
                .bind("at", Times.millis(at)).bind("digest", digest.toString()).execute());
    }

    @Override
    public Optional<Instant> collectedAt(String app, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT collected_at FROM artifacts WHERE app = :app AND digest = :digest "
                        + "AND collected_at IS NOT NULL")
                .bind("app", app).bind("digest", digest.toString()).mapTo(Long.class).findOne().map(Instant::ofEpochMilli));
    }

    @Override
    public Optional<Artifact> find(String app, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE app = :app AND digest = :digest")
                .bind("app", app).bind("digest", digest.toString()).map(ARTIFACT).findOne());
    }

    @Override
    public List<Artifact> list(String app) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM artifacts WHERE app = :app ORDER BY created_at DESC")
                .bind("app", app).map(ARTIFACT).list());
    }
}
