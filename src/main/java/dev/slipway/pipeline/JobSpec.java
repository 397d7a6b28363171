package dev.slipway.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A job as defined in the pipeline file: steps run in order in one workspace; {@code passPaths} go to later stages;
 * {@code cachePaths} are kept for the app's next jobs ({@code ~/…} in the job's HOME, others in the workspace).
 */
public record JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                      List<String> passPaths, List<String> cachePaths) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        steps = List.copyOf(steps);
        artifactPaths = List.copyOf(artifactPaths);
        passPaths = List.copyOf(passPaths);
        cachePaths = List.copyOf(cachePaths);
    }

    /** A job that caches nothing. */
    public JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                   List<String> passPaths) {
        this(name, steps, timeout, artifactPaths, passPaths, List.of());
    }

    /** A job that passes nothing on to later stages. */
    public JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths) {
        this(name, steps, timeout, artifactPaths, List.of());
    }

    /** Whether this job's workspace paths become the run's artifact. */
    public boolean producesArtifact() {
        return !artifactPaths.isEmpty();
    }
}
