package dev.slipway.environment;

import java.util.Optional;

/**
 * What an environment is doing now: its live deployment, its newest deployment (maybe still going), its address;
 * for blue/green, the deployment in the idle slot (READY for a swap, WARM for a swap back, or the next version while it
 * starts there: then the environment is still LIVE) if one is there;
 * {@code unavailable}: why nothing answers on its address (the router cannot listen on its port), if so;
 * {@code trouble}: what the {@link Supervisor} found wrong with the live deployment's service, if anything.
 */
public record EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url,
                                Optional<Deployment> idle, Optional<String> unavailable, Optional<ServiceTrouble> trouble,
                                java.util.List<FleetStatus.TargetState> targets) {
    public static final String UNAVAILABLE = "UNAVAILABLE";

    public EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url) {
        this(environment, live, latest, url, Optional.empty(), Optional.empty());
    }

    public EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url,
                             Optional<Deployment> idle, Optional<String> unavailable) {
        this(environment, live, latest, url, idle, unavailable, Optional.empty());
    }

    public EnvironmentStatus(Environment environment, Optional<Deployment> live, Optional<Deployment> latest, String url,
                             Optional<Deployment> idle, Optional<String> unavailable, Optional<ServiceTrouble> trouble) {
        this(environment, live, latest, url, idle, unavailable, trouble, java.util.List.of());
    }

    /**
     * UNAVAILABLE (its address does not answer, whatever runs behind it), else CRASHED, UNHEALTHY or RESTARTING (the
     * live deployment's service stopped), else LIVE, DEPLOYING, FAILED/ERRORED (nothing live and the last attempt
     * failed), or NONE.
     */
    public String state() {
        if (unavailable.isPresent()) {
            return UNAVAILABLE;
        }
        if (live.isPresent() && trouble.isPresent()) {
            return trouble.get().state().name();
        }
        if (live.isPresent() && latest.filter(EnvironmentStatus::startingBeside).isPresent()) {
            return "LIVE"; // blue/green: the live version serves on while the next one starts in the idle slot
        }
        return state(live.isPresent(), latest.map(Deployment::state).orElse(null));
    }

    /** A blue/green deployment still starting in the idle slot (it has a slot), while the live one serves. */
    static boolean startingBeside(Deployment d) {
        return d.slot() != null && (d.state() == DeploymentState.QUEUED || d.state() == DeploymentState.DEPLOYING);
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

    /** Whether a swap has somewhere to go: a version waits READY (or WARM) in the idle slot, not one still starting. */
    public boolean swappable() {
        return idle.filter(d -> !startingBeside(d)).isPresent();
    }

    /** The idle slot's own address (its process's private port on this host), to try it before a swap. */
    public Optional<String> previewUrl() {
        return idle.filter(d -> !startingBeside(d)).flatMap(Deployment::process).map(s -> "http://127.0.0.1:" + s.port());
    }
}
