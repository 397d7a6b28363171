package dev.slipway.image;

import dev.slipway.artifact.Digest;
import java.time.Instant;

/** A tag in a repository and the manifest it names now. */
public record ImageTag(String repository, String tag, Digest digest, TagOwner owner, Instant updatedAt) {}
