package dev.slipway.web.api;

import dev.slipway.app.Apps;
import dev.slipway.artifact.Digest;
import dev.slipway.auth.Role;
import dev.slipway.environment.EnvironmentStatus;
import dev.slipway.environment.Environments;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.ImageTag;
import dev.slipway.image.StoredManifest;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/apps/{app}/images} ({@code slipway images APP}): every image in the app's repositories of Slipway's
 * registry, newest first, with its tags, size, layers, the run that made it, where it is live, and the command that
 * pulls it from this server by digest. Whoever may read the app may read its images. Referrers (manifests with a
 * {@code subject}: an image's provenance, its SBOM) are not listed: the registry's referrers API lists them.
 */
public final class ImagesApi {
    private final Apps apps;
    private final ImageRepository images;
    private final Environments environments;
    private final String registry;

    /** {@code registry}: this server's registry as clients reach it, {@code HOST:PORT} of its --public-url. */
    public ImagesApi(Apps apps, ImageRepository images, Environments environments, String registry) {
        this.apps = apps;
        this.images = images;
        this.environments = environments;
        this.registry = registry;
    }

    record ImageView(String repository, String digest, String mediaType, long size, String sizeLabel, int layers, List<String> tags,
                     List<String> liveIn, Long run, String pushedBy, String createdAt, String pull) {}

    record ImageList(String app, String registry, List<ImageView> images) {}

    public void register(Routes routes) {
        routes.get("/api/v1/apps/{app}/images", Permission.onApp(Role.VIEWER), ctx -> {
            String app = apps.get(ctx.pathParam("app")).name();
            ctx.json(new ImageList(app, registry, list(app, registry)));
        });
    }

    /** Bytes as registries and docker show them: 812 B, 4.1 MB (powers of 1000). */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = { "kB", "MB", "GB", "TB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** The command that pulls the manifest from this server by digest. */
    public static String pull(String registry, StoredManifest m) {
        return "docker pull " + registry + "/" + m.repository() + "@" + m.digest();
    }

    private List<ImageView> list(String app, String registry) {
        Map<Digest, List<String>> live = new HashMap<>();
        for (EnvironmentStatus status : environments.status(app)) {
            status.live().ifPresent(d -> live.computeIfAbsent(d.digest(), k -> new ArrayList<>()).add(status.environment().name()));
        }
        List<ImageView> views = new ArrayList<>();
        for (String repository : images.repositories(app)) {
            Map<Digest, List<String>> tags = new HashMap<>();
            for (ImageTag tag : images.tags(repository)) {
                tags.computeIfAbsent(tag.digest(), k -> new ArrayList<>()).add(tag.tag());
            }
            for (StoredManifest m : images.manifests(repository)) {
                if (m.subject().isPresent()) {
                    continue; // a referrer (provenance, an SBOM) is about an image, not one: GET /v2/NAME/referrers/DIGEST
                }
                views.add(new ImageView(repository, m.digest().toString(), m.mediaType(), m.imageSize(), size(m.imageSize()), m.layers().size(),
                        tags.getOrDefault(m.digest(), List.of()), live.getOrDefault(m.digest(), List.of()),
                        m.run().isPresent() ? m.run().getAsLong() : null, m.pushedBy(), m.createdAt().toString(),
                        pull(registry, m)));
            }
        }
        views.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        return views;
    }
}
