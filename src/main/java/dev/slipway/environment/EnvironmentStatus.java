package dev.slipway.environment;

import java.util.Optional;

/**
 * What an environment is doing now: its live deployment, its newest deployment (maybe still going), its address;
 * for blue/green, the deployment in the idle slot (READY for a swap, or WARM for a swap back) if one runs there.
 */
public record EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url,
                                Optional<Deployment> idle) {

    public EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url) {
        this(environment, live, latest, url, Optional.empty());
    }

    /** LIVE, DEPLOYING, FAILED/ERRORED (nothing live and the last attempt failed), or NONE. */
    public String state() {
        return state(live.isPresent(), latest.map(Deployment::state).orElse(null));
    }

    /** {@link #state()} from whether a deployment is live and the state of the newest one (null: none yet). */
    public static String state(boolean live, DeploymentState latest) {
        if (latest == DeploymentState.QUEUED || latest == DeploymentState.DEPLOYING) {
            return "DEPLOYING";
        }
        if (live) {
            return "LIVE";
        }
        return latest == null ? "NONE" : latest.name();
    }

    /** The idle slot's own address (its process's private port on this host), to try it before a swap. */
    public Optional<String> previewUrl() {
        return idle.flatMap(Deployment::process).map(s -> "http://127.0.0.1:" + s.port());
    }
}
