package dev.slipway.environment;

import java.util.Optional;

/** What an environment is doing now: its live deployment, its newest deployment (maybe still going), its address. */
public record EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url) {

    /** LIVE, DEPLOYING, FAILED/ERRORED (nothing live and the last attempt failed), or NONE. */
    public String state() {
        if (latest.isPresent() && !latest.get().state().isFinal() && latest.get().state() != DeploymentState.LIVE) {
            return "DEPLOYING";
        }
        if (live.isPresent()) {
            return "LIVE";
        }
        return latest.map(d -> d.state().name()).orElse("NONE");
    }
}
