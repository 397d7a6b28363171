package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Manifests, the blobs linked to each repository and the tags of Slipway's registry. */
public interface ImageRepository {
    /**
     * Records a manifest in its repository and links its blobs there, in one transaction; recording the same
     * (repository, digest) again keeps the first record.
     */
    void recordManifest(StoredManifest manifest);

    Optional<StoredManifest> findManifest(String repository, Digest digest);

    /** The manifest with this digest in any repository of the app (the app's own repository first). */
    Optional<StoredManifest> findImage(String app, Digest digest);

    /** A repository's manifests, newest first. */
    List<StoredManifest> manifests(String repository);

    /** The manifests of a repository whose subject is {@code subject} (OCI 1.1 referrers), oldest first. */
    List<StoredManifest> referrers(String repository, Digest subject);

    /** The repositories of an app that hold anything, sorted. */
    List<String> repositories(String app);

    /** The newest manifest the run pushed into the repository, if it pushed one. */
    Optional<StoredManifest> pushedBy(String repository, long run);

    /** Links a stored blob to a repository: pulls from that repository may then read it (upload, mount). */
    void linkBlob(String repository, Digest blob, Instant at);

    boolean hasBlob(String repository, Digest blob);

    /** Points the tag at a manifest (created or moved). */
    void setTag(ImageTag tag);

    Optional<ImageTag> findTag(String repository, String tag);

    /** A repository's tags, in tag order. */
    List<ImageTag> tags(String repository);

    /** Every tag naming the digest in the app's repositories. */
    List<ImageTag> tagsOf(String app, Digest digest);

    /** Every manifest digest and blob digest any recorded manifest or link still holds: what the collector keeps. */
    Set<Digest> referencedDigests();

    /** Forgets a manifest (its tags and its blob links stay for the collector's other rules). */
    void deleteManifest(String repository, Digest digest);

    /** Forgets a tag (the collector: a {@code commit-} tag of an image it forgets). */
    void deleteTag(String repository, String tag);

    /** Forgets a repository's link to a blob no manifest of it references any more. */
    void unlinkBlob(String repository, Digest blob);

    /** All manifests of all repositories, oldest first (for the collector). */
    List<StoredManifest> allManifests();
}
