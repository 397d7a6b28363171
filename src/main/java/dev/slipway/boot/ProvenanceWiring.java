package dev.slipway.boot;

import dev.slipway.artifact.ProvenanceStatement;
import dev.slipway.artifact.Provenances;
import dev.slipway.forge.Upstream;
import dev.slipway.store.SqlProvenanceRepository;
import dev.slipway.store.SqlUpstreamRepository;
import java.nio.file.Path;
import java.util.List;

/**
 * Build provenance (after the registry, which knows the public URL): signed with the server's current key, naming
 * the app's upstream when it follows one, else its git URL on this server; builder id {@code PUBLIC_URL/builder}
 * (those of earlier public URLs still recognised, see {@link BuilderIds}).
 */
record ProvenanceWiring(Provenances provenances) {
    static ProvenanceWiring wire(Path data, StoreWiring store, SourceWiring sources, RegistryWiring registry) {
        SqlUpstreamRepository upstreams = new SqlUpstreamRepository(store.db());
        String publicUrl = registry.publicUrl().toString();
        List<String> builderIds = BuilderIds.remember(data, ProvenanceStatement.builderId(publicUrl));
        return new ProvenanceWiring(new Provenances(new SqlProvenanceRepository(store.db()), store.signingKeys(),
                app -> upstreams.find(app).map(Upstream::url).orElseGet(() -> sources.git().cloneUrl(app, publicUrl)),
                publicUrl, builderIds));
    }
}
