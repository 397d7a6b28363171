package dev.slipway.boot;

import dev.slipway.auth.Principal;
import dev.slipway.auth.Role;
import dev.slipway.environment.docker.PullCredential;
import dev.slipway.image.ImageBuilder;
import dev.slipway.image.ImageCopy;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.RegistryClient;
import dev.slipway.image.RegistryImages;
import dev.slipway.image.Registry;
import dev.slipway.image.Referrers;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.ServerTags;
import dev.slipway.image.TargetPulls;

/**
 * Step 3b, images: the registry's use cases over the artifact store (served at /v2/ by the web step), the tags the
 * server moves, the run credentials jobs push with and the targets' pull tokens (both in memory only), the builder of
 * jobs' images, and the registry's public address ({@code --public-url}) that pull lines and engines use.
 */
record RegistryWiring(Registry registry, ServerTags serverTags, RunCredentials runCredentials, TargetPulls targetPulls,
                      ImageBuilder imageBuilder, PublicUrl publicUrl, Referrers referrers) {

    static RegistryWiring wire(StoreWiring store, AuthWiring auth, SourceWiring sources, SecretWiring secrets,
                               TargetWiring targets, PublicUrl publicUrl) {
        ImageRepository images = sources.images();
        ServerTags serverTags = sources.serverTags();
        Registry registry = new Registry(images, sources.artifacts(), serverTags, store.db(), store.audit(),
                store.clock(), sources.blobGuard());
        // a base image of another app needs its viewer role; one in an external registry is read with an app-wide secret
        ImageBuilder builder = new ImageBuilder(sources.artifacts(), images, serverTags,
                new RegistryImages(sources.artifacts(), new ImageCopy(), RegistryClient::connect),
                (user, app) -> auth.access().allows(new Principal(user), Role.VIEWER, app),
                secrets.secrets()::appWide, store.clock(), sources.blobGuard());
        // an engine pulls an app's images only while an environment of that app is bound to its target
        TargetPulls pulls = new TargetPulls(targets.targets()::serves);
        // what the server attaches to images itself (SBOMs), listed by the registry's referrers API
        Referrers referrers = new Referrers(sources.artifacts(), images, store.clock(), sources.blobGuard());
        return new RegistryWiring(registry, serverTags, new RunCredentials(), pulls, builder, publicUrl, referrers);
    }

    /** Where jobs reach this server's registry: loopback, whatever address the server listens on. */
    static String address(int port) {
        return "127.0.0.1:" + port;
    }

    /**
     * What a registered target's engine pulls deployments' images with: this registry at its public address, the
     * target's user and its pull token (made at the first call, the same after; in memory only).
     */
    PullCredential pullCredential(String target) {
        TargetPulls.Issued issued = targetPulls.issue(target);
        return new PullCredential(publicUrl.registry(), issued.user(), issued.token());
    }
}
