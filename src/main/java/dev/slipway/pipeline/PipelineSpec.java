package dev.slipway.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parsed, validated {@code .slipway.yml}: the definition of an app's pipeline, not a run of it. */
public record PipelineSpec(List<StageSpec> stages, Optional<ServiceSpec> service, List<EnvironmentSpec> environments) {
    public PipelineSpec {
        Objects.requireNonNull(service, "service");
        stages = List.copyOf(stages);
        environments = List.copyOf(environments);
    }

    /** The one job that declares {@code artifact:}, if any. */
    public Optional<JobSpec> artifactJob() {
        return stages.stream().flatMap(s -> s.jobs().stream()).filter(JobSpec::producesArtifact).findFirst();
    }

    /** Environments whose branches patterns match the branch name, in file order. */
    public List<EnvironmentSpec> environmentsForBranch(String branch) {
        return environments.stream().filter(e -> e.branches().matches(branch)).toList();
    }

    /** Environments whose tag patterns match the tag name, in file order. */
    public List<EnvironmentSpec> environmentsForTag(String tag) {
        return environments.stream().filter(e -> e.matchesTag(tag)).toList();
    }

    public Optional<EnvironmentSpec> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
