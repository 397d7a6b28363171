package dev.slipway.image;

import dev.slipway.artifact.ArtifactException;
import dev.slipway.artifact.ArtifactStore;
import dev.slipway.artifact.Digest;
import dev.slipway.artifact.LayerPath;
import dev.slipway.artifact.StoredArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * Builds a job's image without a container engine: the workspace files placed as the recipe says become one
 * uncompressed deterministic layer on top of the base's layers, with a configuration and an OCI manifest whose bytes
 * depend only on those inputs — the same files, recipe and base give the same manifest digest. Everything lands in
 * the content store, and the manifest is recorded in the app's repository with the run that built it.
 */
public final class ImageBuilder {
    private final ArtifactStore store;
    private final ImageRepository images;
    private final ServerTags tags;
    private final ExternalImages external;
    private final BiPredicate<String, String> mayPull;
    private final java.util.function.BinaryOperator<String> appSecret;
    private final Clock clock;
    private final BlobGuard guard;

    /**
     * {@code mayPull}: whether a user (the run's pusher) may read another app's images, for a base of another app;
     * {@code external}: reads bases from external registries (null: such bases are refused with the reason);
     * {@code guard}: held while the built manifest is recorded, so the collector cannot take a blob it references.
     */
    public ImageBuilder(ArtifactStore store, ImageRepository images, ServerTags tags, ExternalImages external,
                        BiPredicate<String, String> mayPull, Clock clock, BlobGuard guard) {
        this(store, images, tags, external, mayPull, (app, name) -> {
            throw new IllegalStateException("no app-wide secrets here");
        }, clock, guard);
    }

    /**
     * {@code appSecret}: the value of an app's app-wide secret by name ("user:password" for an external base), which
     * throws a {@link RuntimeException} saying how to set it when it is not set.
     */
    public ImageBuilder(ArtifactStore store, ImageRepository images, ServerTags tags, ExternalImages external,
                        BiPredicate<String, String> mayPull, java.util.function.BinaryOperator<String> appSecret,
                        Clock clock, BlobGuard guard) {
        this.appSecret = appSecret;
        this.tags = tags;
        this.guard = guard;
        this.store = store;
        this.images = images;
        this.external = external;
        this.mayPull = mayPull;
        this.clock = clock;
    }

    /** Builds and records the image of run {@code run} of {@code app}, pushed by {@code pushedBy}. */
    public BuiltImage build(String app, long run, String pushedBy, Path workspace, ImageRecipe recipe)
            throws IOException, ArtifactException, ImageException {
        if (recipe.isPushed()) {
            throw new IllegalArgumentException("a pushed image is not built by Slipway: use pushedImage");
        }
        ResolvedBase base = resolve(app, pushedBy, recipe.base());
        List<Descriptor> layers = new ArrayList<>(base.layers());
        Optional<Digest> added = Optional.empty();
        if (!recipe.files().isEmpty()) {
            StoredArtifact layer = store.storeLayer(workspace, recipe.files());
            layers.add(new Descriptor(OciMediaTypes.OCI_LAYER, layer.digest(), layer.size()));
            added = Optional.of(layer.digest());
        }
        String addedBy = "slipway image: " + recipe.files().stream().map(p -> p.from() + " -> " + p.to())
                .collect(Collectors.joining(", "));
        byte[] config = ImageConfigs.config(base, recipe, added, addedBy);
        Digest configDigest = store.storeBytes(config);
        Descriptor configDescriptor = new Descriptor(OciMediaTypes.OCI_CONFIG, configDigest, config.length);
        byte[] manifestBytes = ImageConfigs.manifest(configDescriptor, layers);
        Digest digest = store.storeBytes(manifestBytes);
        long imageSize = configDescriptor.size() + layers.stream().mapToLong(Descriptor::size).sum();
        StoredManifest stored = new StoredManifest(app, app, digest, OciMediaTypes.OCI_MANIFEST, manifestBytes.length,
                imageSize, Optional.of(configDigest), layers, List.of(), OptionalLong.of(run), pushedBy, clock.instant());
        record(stored);
        return new BuiltImage(digest, imageSize, layers.size(), base.digest(), base.reference(), stored);
    }

    /**
     * Records the built manifest once every blob it references is known to be stored, under the guard: the collector
     * may have taken one in the instant after it was stored (found already there, the same content built before).
     */
    private void record(StoredManifest manifest) throws ImageException {
        try (BlobGuard.Held held = guard.shared()) {
            List<Digest> blobs = new ArrayList<>(manifest.blobs());
            blobs.add(manifest.digest());
            for (Digest blob : blobs) {
                if (!store.exists(blob)) {
                    throw new ImageException("blob " + blob + " of image " + manifest.digest() + " was collected from "
                            + "the content store while the image was built; run the pipeline again");
                }
            }
            images.recordManifest(manifest);
        }
    }

    /**
     * The layer Slipway added over the base when it built the app's image {@code digest} (its last), if it built one
     * with files: what a rebuild of the same recipe compares its own layer with.
     */
    public Optional<Digest> ownLayer(String app, Digest digest) {
        return images.findImage(app, digest).filter(m -> !m.layers().isEmpty())
                .map(m -> m.layers().get(m.layers().size() - 1).digest());
    }

    /** Whether the app's artifact with this digest is an image (a manifest in one of its repositories). */
    public boolean isImage(String app, Digest digest) {
        return images.findImage(app, digest).isPresent();
    }

    /**
     * Points the server's own tags of the app's repository at a run's image: {@code commit-<sha>} and
     * {@code branch-<slug>} (the branch's newest image). Clients cannot push these tags; each move is audited.
     */
    public void tagRun(String repository, String commit, String branchSlug, Digest digest) {
        tags.move(repository, "commit-" + commit, digest);
        tags.move(repository, "branch-" + branchSlug, digest);
    }

    /** The image run {@code run} pushed itself to {@code APP[/NAME]}, as {@code image: { pushed: NAME }} declares. */
    public BuiltImage pushedImage(String app, long run, ImageRecipe recipe) throws ImageException {
        String repository = recipe.repository(app);
        StoredManifest pushed = images.pushedBy(repository, run).orElseThrow(() -> new ImageException(
                "the job declares image: { pushed: " + recipe.pushed().orElse("") + " } but pushed no manifest to "
                        + repository + " with this run's credentials: push it with $SLIPWAY_REGISTRY_USER and "
                        + "$SLIPWAY_REGISTRY_TOKEN to $SLIPWAY_REGISTRY/" + repository + ", e.g. skopeo copy oci:layout "
                        + "docker://$SLIPWAY_REGISTRY/" + repository + ":latest"));
        return new BuiltImage(pushed.digest(), pushed.imageSize(), pushed.layers().size(), Optional.empty(), "", pushed);
    }

    private ResolvedBase resolve(String app, String pushedBy, BaseImage base) throws IOException, ImageException {
        if (base.isScratch()) {
            return ResolvedBase.scratch();
        }
        if (base.isExternal()) {
            if (external == null) {
                throw new ImageException("base image " + base.reference() + " is in an external registry, which this "
                        + "server cannot read; use scratch or an image of an app in this Slipway");
            }
            Optional<String> login;
            try {
                login = base.credentials().map(name -> appSecret.apply(app, name));
            } catch (RuntimeException e) {
                throw new ImageException("base image " + base.reference() + ": its credentials cannot be read: "
                        + e.getMessage());
            }
            Manifest pulled = external.pull(base.reference(), login);
            return fromManifest(base.reference(), pulled);
        }
        return local(app, pushedBy, base.reference());
    }

    /** {@code APP[/NAME]:TAG} or {@code APP[/NAME]@sha256:…} of this Slipway. */
    private ResolvedBase local(String app, String pushedBy, String reference) throws IOException, ImageException {
        ImageReference parsed;
        try {
            parsed = ImageReference.parseBase(reference);
        } catch (IllegalArgumentException e) {
            throw new ImageException("base image: " + e.getMessage());
        }
        String repository = parsed.repository();
        String baseApp = StoredManifest.appOf(repository);
        if (!baseApp.equals(app) && !mayPull.test(pushedBy, baseApp)) {
            throw new ImageException("base image " + reference + " belongs to app '" + baseApp + "', which " + pushedBy
                    + " (who pushed this run) may not read; ask an admin for the viewer role on '" + baseApp + "'");
        }
        String tag = parsed.tag().orElse("latest");
        Digest digest = parsed.digest().isPresent() ? parsed.digest().get() : images.findTag(repository, tag)
                .map(ImageTag::digest).orElseThrow(() -> new ImageException("base image " + reference + " is not in "
                        + "this Slipway: repository '" + repository + "' has no tag '" + tag + "'; see slipway images "
                        + baseApp));
        StoredManifest manifest = images.findManifest(repository, digest).orElseThrow(() -> new ImageException(
                "base image " + reference + " is not in this Slipway: no manifest " + digest + " in '" + repository + "'"));
        try {
            return fromManifest(reference, Manifest.parse(Files.readAllBytes(store.path(manifest.digest())), manifest.mediaType()));
        } catch (ManifestException e) {
            throw new ImageException("base image " + reference + " has a manifest Slipway cannot read: " + e.getMessage());
        }
    }

    private ResolvedBase fromManifest(String reference, Manifest manifest) throws IOException, ImageException {
        if (manifest.isIndex()) {
            throw new ImageException("base image " + reference + " is an index of several platforms; name the "
                    + "linux/amd64 manifest by its digest (skopeo inspect --raw shows them)");
        }
        Descriptor config = manifest.config().orElseThrow();
        for (Descriptor blob : manifest.blobs()) {
            if (!store.exists(blob.digest())) {
                throw new ImageException("base image " + reference + " is missing blob " + blob.digest()
                        + " in the store; push the base image again");
            }
        }
        return new ResolvedBase(reference, Optional.of(manifest.digest()),
                Optional.of(Files.readAllBytes(store.path(config.digest()))), manifest.layers());
    }
}
