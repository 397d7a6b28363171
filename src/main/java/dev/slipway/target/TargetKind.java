package dev.slipway.target;

import dev.slipway.Problem;

/** What a target (or an executor) is: the engine Slipway drives there — a Docker engine or a Kubernetes cluster. */
public enum TargetKind {
    DOCKER("docker"),
    KUBERNETES("kubernetes");

    private final String text;

    TargetKind(String text) {
        this.text = text;
    }

    /** As the CLI, the API and the database write it. */
    public String text() {
        return text;
    }

    public static TargetKind parse(String text) {
        for (TargetKind kind : values()) {
            if (kind.text.equals(text)) {
                return kind;
            }
        }
        throw Problem.invalid("target kind '" + text + "' is not known: use docker (`slipway target add NAME --docker "
                + "unix:///var/run/docker.sock`) or kubernetes (`slipway target add NAME --kubernetes --kubeconfig FILE "
                + "--namespace NS`)");
    }
}
