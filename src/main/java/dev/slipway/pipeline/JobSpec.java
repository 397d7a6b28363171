package dev.slipway.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import dev.slipway.image.ImageRecipe;

/**
 * A job as defined in the pipeline file: steps run in order in one workspace; {@code passPaths} go to later stages;
 * {@code image} is the image it produces instead of an artifact tar; {@code cachePaths} are kept for the app's next jobs ({@code ~/…} in the job's HOME, others in the workspace);
 * {@code container} is the image its steps run in (on a Docker engine or in a Kubernetes namespace an admin
 * registered with {@code slipway executor add}); empty: they run on this host, in the sandbox. {@code resources}: what
 * it asks of a cluster (requests; memory also its limit), which only a pod executor applies. {@code sbom}: the
 * CycloneDX JSON file (in the workspace) the job writes about the run's artifact, kept with it.
 */
public record JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                      List<String> passPaths, List<String> cachePaths, Optional<ImageRecipe> image,
                      Optional<String> container, JobResources resources, Optional<String> sbom) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        steps = List.copyOf(steps);
        artifactPaths = List.copyOf(artifactPaths);
        passPaths = List.copyOf(passPaths);
        cachePaths = List.copyOf(cachePaths);
        image = image == null ? Optional.empty() : image;
        container = container == null ? Optional.empty() : container;
        resources = resources == null ? JobResources.NONE : resources;
        sbom = sbom == null ? Optional.empty() : sbom;
    }

    /** A job that writes no SBOM. */
    public JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                   List<String> passPaths, List<String> cachePaths, Optional<ImageRecipe> image,
                   Optional<String> container, JobResources resources) {
        this(name, steps, timeout, artifactPaths, passPaths, cachePaths, image, container, resources, Optional.empty());
    }

    /** A job that asks for no particular resources. */
    public JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                   List<String> passPaths, List<String> cachePaths, Optional<ImageRecipe> image,
                   Optional<String> container) {
        this(name, steps, timeout, artifactPaths, passPaths, cachePaths, image, container, JobResources.NONE);
    }

    /** A job whose steps run on this host. */
    public JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                   List<String> passPaths, List<String> cachePaths, Optional<ImageRecipe> image) {
        this(name, steps, timeout, artifactPaths, passPaths, cachePaths, image, Optional.empty());
    }

    /** A job that produces no image. */
    public JobSpec(String name, List<StepSpec> steps, Duration timeout, List<String> artifactPaths,
                   List<String> passPaths, List<String> cachePaths) {
        this(name, steps, timeout, artifactPaths, passPaths, cachePaths, Optional.empty());
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

    /** Whether this job produces the run's artifact: a tar of workspace paths, or an image. */
    public boolean producesArtifact() {
        return !artifactPaths.isEmpty() || image.isPresent();
    }

    /** Whether the run's artifact is the image this job produces. */
    public boolean producesImage() {
        return image.isPresent();
    }
}
