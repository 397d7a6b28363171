package dev.slipway.image;

import dev.slipway.artifact.ArtifactException;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@link ExternalImages} over {@link RegistryClient}: a base image read from an external registry straight into the
 * content store (each blob received beside the store, checked, then moved in), its manifest stored too.
 */
public final class RegistryImages implements ExternalImages {
    private final ArtifactStore store;
    private final ImageCopy copy;
    private final BiFunction<String, RegistryCredentials, RegistryClient> clients;

    /** {@code clients}: a client for a registry host with credentials ({@code RegistryClient::connect}). */
    public RegistryImages(ArtifactStore store, ImageCopy copy,
                          BiFunction<String, RegistryCredentials, RegistryClient> clients) {
        this.store = store;
        this.copy = copy;
        this.clients = clients;
    }

    @Override
    public Manifest pull(String reference, Optional<String> credentials) throws ImageException, IOException {
        ImageReference parsed;
        RegistryCredentials user;
        try {
            parsed = ImageReference.parse(reference);
            user = credentials.map(value -> RegistryCredentials.parse("of the base image", value))
                    .orElse(RegistryCredentials.none());
        } catch (IllegalArgumentException e) {
            throw new ImageException("base image: " + e.getMessage());
        }
        try {
            ImageCopy.PulledImage pulled = copy.pull(clients.apply(parsed.registry(), user), parsed, new StoreSink());
            store.storeBytes(pulled.manifest());
            return Manifest.parse(pulled.manifest(), pulled.mediaType());
        } catch (ExternalRegistryException e) {
            throw new ImageException("base image " + reference + " could not be read: " + e.getMessage(), e);
        } catch (ManifestException e) {
            throw new ImageException("base image " + reference + " has a manifest Slipway cannot read: " + e.getMessage(), e);
        }
    }

    /** Blobs land in the store's incoming area and are moved in by {@link ArtifactStore#storeBlob}. */
    private final class StoreSink implements ImageCopy.BlobSink {
        @Override
        public boolean has(Digest digest) {
            return store.exists(digest);
        }

        @Override
        public Path file(Digest digest) throws IOException {
            return store.newIncoming("pull-");
        }

        @Override
        public Path keep(Digest digest, Path file) throws IOException {
            try {
                store.storeBlob(file, digest);
            } catch (ArtifactException e) {
                throw new IOException("blob " + digest + " changed between its check and the store: " + e.getMessage(), e);
            }
            return store.path(digest);
        }
    }
}
