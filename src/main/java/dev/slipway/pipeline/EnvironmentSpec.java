package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An environment as defined in the pipeline file: which pushes reach it, its gates, and how it deploys.
 * {@code stopGrace}, when set, overrides the service's for this environment. {@code registry}, when set, is where a
 * deployed version's image is copied, by digest, before its service starts. {@code targets}, when set, narrows the
 * targets an admin bound to the environment. {@code deploy}, when set, names the Kubernetes manifests of the repository
 * that deploy it on a cluster. {@code require} names the evidence a digest must carry to be promoted here.
 */
public record EnvironmentSpec(
        String name,
        BranchPatterns branches,
        List<String> tags,
        boolean ephemeral,
        Optional<String> from,
        Optional<Approvals> approvals,
        Optional<Duration> soak,
        Optional<Duration> ttl,
        boolean isProtected,
        Strategy strategy,
        SwapMode swap,
        Optional<Duration> keepWarm,
        Optional<Duration> watch,
        List<StepSpec> verify,
        Map<String, String> config,
        List<String> secrets,
        Optional<Duration> stopGrace,
        Optional<RestartPolicy> restart,
        Optional<RegistrySpec> registry,
        Optional<TargetChoice> targets,
        FleetSpec fleet,
        Optional<DeploySpec> deploy,
        Set<Evidence> require) {

    public EnvironmentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(branches, "branches");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(soak, "soak");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(swap, "swap");
        Objects.requireNonNull(keepWarm, "keepWarm");
        Objects.requireNonNull(watch, "watch");
        tags = List.copyOf(tags);
        verify = List.copyOf(verify);
        // file order matters to people reading the config back, so keep insertion order
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        secrets = List.copyOf(secrets);
        stopGrace = stopGrace == null ? Optional.empty() : stopGrace;
        Objects.requireNonNull(restart, "restart");
        registry = registry == null ? Optional.empty() : registry;
        targets = targets == null ? Optional.empty() : targets;
        fleet = fleet == null ? FleetSpec.DEFAULT : fleet;
        deploy = deploy == null ? Optional.empty() : deploy;
        require = require == null || require.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(require));
    }

    /** An environment that requires no evidence at promotion. */
    public EnvironmentSpec(String name, BranchPatterns branches, List<String> tags, boolean ephemeral,
                           Optional<String> from, Optional<Approvals> approvals, Optional<Duration> soak,
                           Optional<Duration> ttl, boolean isProtected, Strategy strategy, SwapMode swap,
                           Optional<Duration> keepWarm, Optional<Duration> watch, List<StepSpec> verify,
                           Map<String, String> config, List<String> secrets, Optional<Duration> stopGrace,
                           Optional<RestartPolicy> restart, Optional<RegistrySpec> registry,
                           Optional<TargetChoice> targets, FleetSpec fleet, Optional<DeploySpec> deploy) {
        this(name, branches, tags, ephemeral, from, approvals, soak, ttl, isProtected, strategy, swap, keepWarm, watch,
                verify, config, secrets, stopGrace, restart, registry, targets, fleet, deploy, Set.of());
    }

    /** An environment without {@code deploy:} (no manifests of its own). */
    public EnvironmentSpec(String name, BranchPatterns branches, List<String> tags, boolean ephemeral,
                           Optional<String> from, Optional<Approvals> approvals, Optional<Duration> soak,
                           Optional<Duration> ttl, boolean isProtected, Strategy strategy, SwapMode swap,
                           Optional<Duration> keepWarm, Optional<Duration> watch, List<StepSpec> verify,
                           Map<String, String> config, List<String> secrets, Optional<Duration> stopGrace,
                           Optional<RestartPolicy> restart, Optional<RegistrySpec> registry,
                           Optional<TargetChoice> targets, FleetSpec fleet) {
        this(name, branches, tags, ephemeral, from, approvals, soak, ttl, isProtected, strategy, swap, keepWarm, watch,
                verify, config, secrets, stopGrace, restart, registry, targets, fleet, Optional.empty());
    }

    /** An environment that keeps the service's stop grace and restart policy. */
    public EnvironmentSpec(String name, BranchPatterns branches, List<String> tags, boolean ephemeral,
                           Optional<String> from, Optional<Approvals> approvals, Optional<Duration> soak,
                           Optional<Duration> ttl, boolean isProtected, Strategy strategy, SwapMode swap,
                           Optional<Duration> keepWarm, Optional<Duration> watch, List<StepSpec> verify,
                           Map<String, String> config, List<String> secrets) {
        this(name, branches, tags, ephemeral, from, approvals, soak, ttl, isProtected, strategy, swap, keepWarm, watch,
                verify, config, secrets, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                FleetSpec.DEFAULT, Optional.empty());
    }

    /** What happens when the service stops while running here: this environment's {@code restart}, else the service's. */
    public RestartPolicy restartOf(ServiceSpec service) {
        return restart.orElse(service.restart());
    }

    /** True when promotion gates (from/approvals/soak/require) apply, i.e. a push must not deploy here directly. */
    public boolean gated() {
        return from.isPresent() || approvals.isPresent() || soak.isPresent() || !require.isEmpty();
    }

    /** The concrete environment name for a branch: name + "-" + BranchSlug.of(branch) when ephemeral, else name. */
    public String instanceName(String branch) {
        return ephemeral ? name + "-" + BranchSlug.of(branch) : name;
    }

    /** Whether a pushed tag promotes here; tags use the same patterns as branches. */
    public boolean matchesTag(String tag) {
        return BranchPatterns.of(tags).matches(tag);
    }
}
