package dev.slipway.pipeline;

import java.util.Locale;

/**
 * What an environment's {@code require:} may ask of a digest before it is promoted there: {@link #PROVENANCE} — signed
 * build provenance from this server, built from a commit reachable from the branches that feed the environment;
 * {@link #REPRODUCIBLE} — a rebuild of its commit in a fresh workspace gave the same digest.
 */
public enum Evidence {
    PROVENANCE,
    REPRODUCIBLE;

    /** The word in the pipeline file: {@code provenance}, {@code reproducible}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
