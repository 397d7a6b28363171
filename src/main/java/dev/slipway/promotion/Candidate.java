package dev.slipway.promotion;

import dev.slipway.artifact.Digest;
import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.Run;
import dev.slipway.pipeline.ServiceSpec;

/** A promotion request resolved: the artifact (with the run and commit it came from) and where it is to go. */
record Candidate(String app, Run run, Digest digest, String commit, EnvironmentSpec target, ServiceSpec service) {
    /** The Slipway user who pushed the commit of the run promoted (shown as the pusher; not_author asks {@link Authors}). */
    String author() {
        return run.pushedBy();
    }
}
