package dev.slipway.boot;

import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.image.ImageBuilder;
import dev.slipway.image.ImageCopy;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.RegistryClient;
import dev.slipway.image.RegistryImages;
import dev.slipway.image.Registry;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.ServerTags;

/**
 * Step 3b, images: the registry's use cases over the artifact store (served at /v2/ by the web step), the tags the
 * server moves, the run credentials jobs push with (in memory only), and the builder of jobs' images.
 */
record RegistryWiring(Registry registry, ServerTags serverTags, RunCredentials runCredentials, ImageBuilder imageBuilder) {

    static RegistryWiring wire(StoreWiring store, AuthWiring auth, SourceWiring sources, SecretWiring secrets) {
        ImageRepository images = sources.images();
        ServerTags serverTags = sources.serverTags();
        Registry registry = new Registry(images, sources.artifacts(), serverTags, store.db(), store.audit(),
                store.clock(), sources.blobGuard());
        // a base image of another app needs its viewer role; one in an external registry is read with an app-wide secret
        ImageBuilder builder = new ImageBuilder(sources.artifacts(), images, serverTags,
                new RegistryImages(sources.artifacts(), new ImageCopy(), RegistryClient::connect),
                (user, app) -> auth.access().allows(new Principal(user), Role.VIEWER, app),
                secrets.secrets()::appWide, store.clock(), sources.blobGuard());
        return new RegistryWiring(registry, serverTags, new RunCredentials(), builder);
    }

    /** Where jobs reach this server's registry: loopback, whatever address the server listens on. */
    static String address(int port) {
        return "127.0.0.1:" + port;
    }
}
