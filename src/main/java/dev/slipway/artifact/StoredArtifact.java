package dev.slipway.artifact;

/** What {@link ArtifactStore#store} put in the store: its address, its size in bytes and how many files and symlinks it holds. */
public record StoredArtifact(Digest digest, long size, int files) {}
