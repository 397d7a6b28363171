package dev.slipway.boot;

import dev.slipway.artifact.Provenances;
import dev.slipway.forge.Upstream;
import dev.slipway.store.SqlProvenanceRepository;
import dev.slipway.store.SqlUpstreamRepository;

/**
 * Build provenance (after the registry, which knows the public URL): signed with the server's current key, naming
 * the app's upstream when it follows one, else its git URL on this server; builder id {@code PUBLIC_URL/builder}.
 */
record ProvenanceWiring(Provenances provenances) {
    static ProvenanceWiring wire(StoreWiring store, SourceWiring sources, RegistryWiring registry) {
        SqlUpstreamRepository upstreams = new SqlUpstreamRepository(store.db());
        String publicUrl = registry.publicUrl().toString();
        return new ProvenanceWiring(new Provenances(new SqlProvenanceRepository(store.db()), store.signingKeys(),
                app -> upstreams.find(app).map(Upstream::url).orElseGet(() -> sources.git().cloneUrl(app, publicUrl)),
                publicUrl));
    }
}
