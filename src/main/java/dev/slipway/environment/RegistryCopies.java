package dev.slipway.environment;

import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.image.ImageCopy;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.RegistryClient;
import dev.slipway.image.RegistryCredentials;
import dev.slipway.image.ExternalRegistryException;
import dev.slipway.pipeline.RegistrySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageCopies} to real registries: the image's manifest and blobs from the content store, the login from the
 * app-wide secret the environment names ({@code USER:PASSWORD}), the copy by {@link ImageCopy} (all blobs, then the
 * manifest by digest, then the {@code env-<environment>} tag, then the digest read back).
 */
public final class RegistryCopies implements ImageCopies {
    private static final Logger log = LoggerFactory.getLogger(RegistryCopies.class);

    private final ImageRepository images;
    private final ArtifactStore store;
    private final SecretSource secrets;
    private final ImageCopy copy;
    private final BiFunction<String, RegistryCredentials, RegistryClient> clients;

    /** {@code clients}: a client for a registry host with a login ({@code RegistryClient::connect}). */
    public RegistryCopies(ImageRepository images, ArtifactStore store, SecretSource secrets, ImageCopy copy,
                          BiFunction<String, RegistryCredentials, RegistryClient> clients) {
        this.images = images;
        this.store = store;
        this.secrets = secrets;
        this.copy = copy;
        this.clients = clients;
    }

    @Override
    public void copy(String app, Digest digest, RegistrySpec registry, String environment) throws DeployFailedException {
        if (images.findImage(app, digest).isEmpty()) {
            log.info("{} of {} is not an image: nothing to copy to {} for {}", digest, app, registry.to(), environment);
            return;
        }
        RegistryClient client = clients.apply(registry.to().registry(), credentials(app, registry));
        String tag = "env-" + environment;
        try {
            ImageCopy.CopiedImage copied = copy.push(client, registry.to().repository(), manifest(digest), store::path,
                    List.of(tag));
            log.info("copied {} of {} to {} (tag {}) for {}", digest, app, copied.pinned(), tag, environment);
        } catch (ExternalRegistryException e) {
            throw new DeployFailedException("copying image " + digest + " to " + registry.to() + " failed: "
                    + e.getMessage());
        }
    }

    private RegistryCredentials credentials(String app, RegistrySpec registry) throws DeployFailedException {
        if (registry.credentials().isEmpty()) {
            return RegistryCredentials.none();
        }
        String name = registry.credentials().get();
        String value;
        try {
            value = secrets.appWide(app, name).orElseThrow(() -> new DeployFailedException("the registry's credentials, "
                    + "app-wide secret " + name + " of app '" + app + "', are not set: set them with `printf %s "
                    + "'USER:PASSWORD' | slipway secret set " + app + " " + name + " --app-wide`, then deploy again"));
        } catch (SecretSource.Unreadable e) {
            throw new DeployFailedException(e.getMessage() + "; then deploy again");
        }
        try {
            return RegistryCredentials.parse(name, value);
        } catch (IllegalArgumentException e) {
            throw new DeployFailedException(e.getMessage());
        }
    }

    private byte[] manifest(Digest digest) {
        try {
            return Files.readAllBytes(store.path(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("the manifest " + digest + " is recorded but cannot be read from the store", e);
        }
    }
}
