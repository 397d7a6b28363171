package dev.slipway.target;

import dev.slipway.Problem;

/** What a target is: the engine Slipway drives there. Docker only for now; Kubernetes is the next. */
public enum TargetKind {
    DOCKER("docker");

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
                + "unix:///var/run/docker.sock`)");
    }
}
