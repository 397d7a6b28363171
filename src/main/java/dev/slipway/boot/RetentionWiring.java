package dev.slipway.boot;

import dev.slipway.retention.Gc;
import dev.slipway.retention.Retention;
import dev.slipway.store.SqlRetentionFacts;

/**
 * Step 7½, the content store's collector: the retention policy over every concept's records (read in SQL) and the
 * collector that applies it, guarded against the writers by the sources' {@code BlobGuard}.
 */
record RetentionWiring(Gc gc) {
    static RetentionWiring wire(ServerConfig config, StoreWiring store, SourceWiring sources) {
        Retention retention = new Retention(new SqlRetentionFacts(store.db()), sources.images(), sources.artifacts(),
                config.retention());
        return new RetentionWiring(new Gc(retention, sources.images(), store.artifacts(), sources.artifacts(),
                sources.blobGuard(), store.audit(), store.clock()));
    }
}
