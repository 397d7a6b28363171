package dev.slipway.promotion;

import dev.slipway.environment.Deployment;
import dev.slipway.environment.DeploymentState;
import dev.slipway.environment.DeploymentTrigger;
import dev.slipway.image.ImageRepository;
import dev.slipway.image.ImageTag;
import dev.slipway.image.RegistryNames;
import dev.slipway.image.ServerTags;
import dev.slipway.image.StoredManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image tags that say what runs where, moved when an image goes live (recreate go-live, blue/green swap,
 * rollback): {@code env-<ENV>} of the app's image repository to the live digest, and for a deployment a tag push
 * promoted ({@link DeploymentTrigger#TAG}, the promotion keeps the git tag) the release tag itself
 * ({@code APP:v1.0.0}). Only tags move: nothing is built. A deployment whose artifact is not an image is left alone.
 */
public final class ReleaseTags {
    private static final Logger log = LoggerFactory.getLogger(ReleaseTags.class);
    /** Tag promotions looked at for a live deployment: the newest of the app, enough for any open at once. */
    private static final int RECENT = 50;

    private final ImageRepository images;
    private final ServerTags tags;
    private final PromotionRepository promotions;

    public ReleaseTags(ImageRepository images, ServerTags tags, PromotionRepository promotions) {
        this.images = images;
        this.tags = tags;
        this.promotions = promotions;
    }

    /** A deployment finished or was swapped in: if it is a LIVE image, its tags follow it. */
    public void deploymentFinished(Deployment d) {
        if (d.state() != DeploymentState.LIVE) {
            return;
        }
        Optional<StoredManifest> image = images.findImage(d.app(), d.digest());
        if (image.isEmpty()) {
            return;
        }
        String repository = image.get().repository();
        List<String> moved = new ArrayList<>();
        moved.add(envTag(d.environment()));
        if (d.trigger() == DeploymentTrigger.TAG) {
            moved.addAll(releaseTagsOf(d));
        }
        for (String tag : moved) {
            if (!RegistryNames.isTag(tag)) {
                log.warn("{}: git tag '{}' is not a valid image tag, so {} is not tagged with it", d.app(), tag, repository);
                continue;
            }
            boolean there = images.findTag(repository, tag).map(ImageTag::digest).filter(d.digest()::equals).isPresent();
            if (!there) {
                tags.move(repository, tag, d.digest());
            }
        }
    }

    /** {@code env-<ENV>}; a per-branch environment's '/' becomes '-' (tags hold none). */
    static String envTag(String environment) {
        return "env-" + environment.replace('/', '-');
    }

    /**
     * The git tags of the TAG promotions this deployment carried out: the one whose deployment it is, or one still
     * being recorded (its deployment id not set yet) into this environment with this digest.
     */
    /** The release tag a pushed tag promoted the deployment with, if it was one and is a valid image tag. */
    public Optional<String> releaseTagOf(Deployment d) {
        return d.trigger() == DeploymentTrigger.TAG
                ? releaseTagsOf(d).stream().filter(RegistryNames::isTag).findFirst() : Optional.empty();
    }

    private List<String> releaseTagsOf(Deployment d) {
        return promotions.list(d.app(), RECENT).stream()
                .filter(p -> p.source() == PromotionSource.TAG && p.environment().equals(d.environment()))
                .filter(p -> p.deploymentId().map(id -> id == d.id()).orElse(p.digest().equals(d.digest())))
                .flatMap(p -> p.releaseTag().stream()).distinct().toList();
    }
}
