package dev.slipway.store;

import dev.slipway.artifact.Digest;
import dev.slipway.artifact.Sbom;
import dev.slipway.artifact.SbomRepository;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** {@link SbomRepository} on V30's {@code sboms} table. */
public final class SqlSbomRepository implements SbomRepository {
    private static final String COLUMNS = "app, artifact, job, run, digest, size, spec_version, components, created_at";
    private static final RowMapper<Sbom> SBOM = (rs, ctx) -> new Sbom(rs.getString("app"),
            Digest.parse(rs.getString("artifact")), rs.getString("job"), rs.getLong("run"),
            Digest.parse(rs.getString("digest")), rs.getLong("size"), rs.getString("spec_version"),
            rs.getInt("components"), Times.instant(rs, "created_at"));

    private final Database db;

    public SqlSbomRepository(Database database) {
        this.db = database;
    }

    @Override
    public void record(Sbom s) {
        db.useHandle(h -> h.createUpdate("INSERT INTO sboms (" + COLUMNS + ") VALUES (:app, :artifact, :job, :run, "
                        + ":digest, :size, :specVersion, :components, :at) ON CONFLICT (app, artifact, job) DO UPDATE "
                        + "SET run = :run, digest = :digest, size = :size, spec_version = :specVersion, "
                        + "components = :components, created_at = :at")
                .bind("app", s.app()).bind("artifact", s.artifact().toString()).bind("job", s.job())
                .bind("run", s.run()).bind("digest", s.digest().toString()).bind("size", s.size())
                .bind("specVersion", s.specVersion()).bind("components", s.components())
                .bind("at", Times.millis(s.createdAt())).execute());
    }

    @Override
    public List<Sbom> of(String app, Digest artifact) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM sboms WHERE app = :app AND artifact = :a "
                        + "ORDER BY job")
                .bind("app", app).bind("a", artifact.toString()).map(SBOM).list());
    }

    @Override
    public Optional<Sbom> find(String app, Digest artifact, String job) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM sboms WHERE app = :app AND artifact = :a "
                        + "AND job = :job")
                .bind("app", app).bind("a", artifact.toString()).bind("job", job).map(SBOM).findOne());
    }
}
