package dev.slipway.boot;

import dev.slipway.image.ImageRepository;
import dev.slipway.image.Registry;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.ServerTags;
import dev.slipway.store.SqlImageRepository;

/**
 * Step 4b, images: the image repository, the registry's use cases over the artifact store (served at /v2/ by the
 * web step), the tags the server moves, and the run credentials jobs push with (in memory only).
 */
record RegistryWiring(ImageRepository images, Registry registry, ServerTags serverTags, RunCredentials runCredentials) {

    static RegistryWiring wire(StoreWiring store, SourceWiring sources) {
        ImageRepository images = new SqlImageRepository(store.db());
        ServerTags serverTags = new ServerTags(images, store.db(), store.audit(), store.clock());
        Registry registry = new Registry(images, sources.artifacts(), serverTags, store.db(), store.audit(),
                store.clock());
        return new RegistryWiring(images, registry, serverTags, new RunCredentials());
    }

    /** Where jobs reach this server's registry: loopback, whatever address the server listens on. */
    static String address(int port) {
        return "127.0.0.1:" + port;
    }
}
