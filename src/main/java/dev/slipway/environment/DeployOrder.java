package dev.slipway.environment;

import dev.slipway.pipeline.EnvironmentSpec;
import dev.slipway.pipeline.RegistrySpec;
import dev.slipway.pipeline.ServiceSpec;
import dev.slipway.pipeline.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to deploy, made by name for the trigger behind it (push, promotion, tag, rollback, watch). The
 * environment's pipeline entry ({@code specName}) and owning branch describe it if it must be created; a push
 * into a per-branch environment also sets how long it may go without a new deployment.
 */
public final class DeployOrder {
    private final String app;
    private final String environment;
    private final String specName;
    private final String branch;
    private final Release release;
    private final DeploymentTrigger trigger;
    private final String actor;
    private final Launch launch;
    private final Duration ttl;
    private final List<StepSpec> verify;
    private final Rollout rollout;
    private final RegistrySpec registry;

    private DeployOrder(String app, String environment, String specName, String branch, Release release,
                        DeploymentTrigger trigger, String actor, Launch launch, Duration ttl, List<StepSpec> verify,
                        Rollout rollout) {
        this(app, environment, specName, branch, release, trigger, actor, launch, ttl, verify, rollout, null);
    }

    private DeployOrder(String app, String environment, String specName, String branch, Release release,
                        DeploymentTrigger trigger, String actor, Launch launch, Duration ttl, List<StepSpec> verify,
                        Rollout rollout, RegistrySpec registry) {
        this.app = Objects.requireNonNull(app, "app");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.specName = Objects.requireNonNull(specName, "specName");
        this.branch = branch;
        this.release = Objects.requireNonNull(release, "release");
        this.trigger = trigger;
        this.actor = actor;
        this.launch = Objects.requireNonNull(launch, "launch");
        this.ttl = ttl;
        this.verify = List.copyOf(verify);
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.registry = registry;
    }

    /** A push of {@code release} into a shared environment of that name: no verify steps, recreated in place. */
    public static DeployOrder push(String app, String environment, Release release, String actor, Launch launch) {
        return new DeployOrder(app, environment, environment, null, release, DeploymentTrigger.PUSH, actor, launch,
                null, List.of(), Rollout.RECREATE);
    }

    /**
     * A push as the pipeline file says: into {@code instance} of {@code env} (the branch's own one when per-branch,
     * with its ttl), with the entry's verify steps and strategy.
     */
    public static DeployOrder push(String app, String instance, EnvironmentSpec env, String branch, Release release,
                                   String actor, ServiceSpec service) {
        return new DeployOrder(app, instance, env.name(), env.ephemeral() ? branch : null, release,
                DeploymentTrigger.PUSH, actor, launchOf(service, env), env.ttl().orElse(null), env.verify(),
                Rollout.of(env), env.registry().orElse(null));
    }

    /** A promotion of {@code release} into {@code environment}, as its pipeline entry {@code env} says. */
    public static DeployOrder promotion(String app, String environment, Release release, String actor,
                                        EnvironmentSpec env, ServiceSpec service) {
        return promoted(app, environment, release, DeploymentTrigger.PROMOTION, actor, env, service);
    }

    /** As {@link #promotion}, for a pushed tag that promotes. */
    public static DeployOrder tag(String app, String environment, Release release, String actor, EnvironmentSpec env,
                                  ServiceSpec service) {
        return promoted(app, environment, release, DeploymentTrigger.TAG, actor, env, service);
    }

    /** A promotion of {@code release} into an environment of that name: no verify steps, recreated in place. */
    public static DeployOrder promotion(String app, String environment, Release release, String actor, Launch launch) {
        return new DeployOrder(app, environment, environment, null, release, DeploymentTrigger.PROMOTION, actor, launch,
                null, List.of(), Rollout.RECREATE);
    }

    // promotions carry no ttl: that is the pipeline file's at push time, left as it is
    private static DeployOrder promoted(String app, String environment, Release release, DeploymentTrigger trigger,
                                        String actor, EnvironmentSpec env, ServiceSpec service) {
        return new DeployOrder(app, environment, environment, null, release, trigger, actor, launchOf(service, env),
                null, env.verify(), Rollout.of(env), env.registry().orElse(null));
    }

    /** Puts back what {@code earlier} served in {@code env}, started as it was then; no verify steps. */
    public static DeployOrder rollback(Environment env, Deployment earlier, String actor, Rollout rollout) {
        return new DeployOrder(env.app(), env.name(), env.specName(), env.branch(), Release.of(earlier),
                DeploymentTrigger.ROLLBACK, actor, earlier.launch(), null, List.of(), rollout);
    }

    /** The watch's automatic rollback: puts back what {@code earlier} served, recreated in place. */
    static DeployOrder watch(String environment, Deployment earlier) {
        return new DeployOrder(earlier.app(), environment, environment, null, Release.of(earlier),
                DeploymentTrigger.ROLLBACK, Watchdog.WATCH_ACTOR, earlier.launch(), null, List.of(), Rollout.RECREATE);
    }

    /** This order for a per-branch instance of pipeline entry {@code specName} owned by {@code branch}. */
    public DeployOrder forBranch(String specName, String branch, Duration ttl) {
        return new DeployOrder(app, environment, specName, Objects.requireNonNull(branch, "branch"), release, trigger,
                actor, launch, ttl, verify, rollout, registry);
    }

    private static Launch launchOf(ServiceSpec service, EnvironmentSpec env) {
        return new Launch(service.command(), service.health(), service.startTimeout(), env.config(), env.secrets(),
                env.stopGrace().orElse(service.stopGrace()), service.liveness());
    }

    public String app() {
        return app;
    }

    public String environment() {
        return environment;
    }

    String specName() {
        return specName;
    }

    /** The branch owning the per-branch environment, if this order is for one. */
    Optional<String> branch() {
        return Optional.ofNullable(branch);
    }

    public Release release() {
        return release;
    }

    public DeploymentTrigger trigger() {
        return trigger;
    }

    String actor() {
        return actor;
    }

    Launch launch() {
        return launch;
    }

    /** How long the per-branch environment may go without a new deployment; empty: no limit. */
    Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    List<StepSpec> verify() {
        return verify;
    }

    Rollout rollout() {
        return rollout;
    }

    /**
     * Where the image is copied before the service starts, as the pipeline file says; rollbacks carry none (the
     * deployer reads it from the pipeline file the rolled-back version was built with).
     */
    Optional<RegistrySpec> registry() {
        return Optional.ofNullable(registry);
    }
}
