package dev.slipway.pipeline;

import java.util.Objects;

/**
 * An environment's {@code deploy:}: how it is deployed on a Kubernetes cluster. {@code manifests} is the directory of
 * the repository whose {@code *.yml}/{@code *.yaml} files are the environment's manifests (see {@link Manifests}),
 * relative to the repository's root, without a trailing '/', e.g. {@code k8s} or {@code deploy/k8s}.
 */
public record DeploySpec(String manifests) {
    public DeploySpec {
        Objects.requireNonNull(manifests, "manifests");
        if (manifests.isEmpty() || manifests.startsWith("/") || manifests.endsWith("/") || manifests.contains("\\")
                || manifests.contains("//")
                || java.util.Arrays.stream(manifests.split("/")).anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new IllegalArgumentException("a manifests directory is a relative path inside the repository, "
                    + "without '.', '..', '\\\\' or a trailing '/': " + manifests);
        }
    }

    /** The directory as people write it, with a trailing '/': {@code k8s/}. */
    public String manifestsShown() {
        return manifests + "/";
    }
}
