package dev.slipway.boot;

import dev.slipway.image.ImageRepository;
import dev.slipway.image.Registry;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.ServerTags;

/**
 * Step 3b, the registry: its use cases over the artifact store (served at /v2/ by the
 * web step), the tags the server moves, and the run credentials jobs push with (in memory only).
 */
record RegistryWiring(Registry registry, ServerTags serverTags, RunCredentials runCredentials) {

    static RegistryWiring wire(StoreWiring store, SourceWiring sources) {
        ImageRepository images = sources.images();
        ServerTags serverTags = sources.serverTags();
        Registry registry = new Registry(images, sources.artifacts(), serverTags, store.db(), store.audit(),
                store.clock(), sources.blobGuard());
        return new RegistryWiring(registry, serverTags, new RunCredentials());
    }

    /** Where jobs reach this server's registry: loopback, whatever address the server listens on. */
    static String address(int port) {
        return "127.0.0.1:" + port;
    }
}
