package dev.slipway.store;

import dev.slipway.artifact.Digest;
import dev.slipway.artifact.ProvenanceRepository;
import java.time.Instant;
import java.util.Optional;

public final class SqlProvenanceRepository implements ProvenanceRepository {
    private final Database db;

    public SqlProvenanceRepository(Database database) {
        this.db = database;
    }

    @Override
    public void record(String app, Digest digest, long run, String keyId, String envelope, Instant at) {
        db.useHandle(h -> h.createUpdate("INSERT INTO provenance (app, digest, run, key_id, envelope, created_at) "
                        + "VALUES (:app, :digest, :run, :key, :envelope, :at) ON CONFLICT (app, digest) DO NOTHING")
                .bind("app", app).bind("digest", digest.toString()).bind("run", run).bind("key", keyId)
                .bind("envelope", envelope).bind("at", Times.millis(at)).execute());
    }

    @Override
    public Optional<String> find(String app, Digest digest) {
        return db.withHandle(h -> h.createQuery("SELECT envelope FROM provenance WHERE app = :app AND digest = :digest")
                .bind("app", app).bind("digest", digest.toString()).mapTo(String.class).findOne());
    }
}
