package dev.slipway.environment;

/**
 * A branch's deployment found its environment owned by another branch whose name makes the same environment name
 * (feature/a.b and feature/a-b both make dev-feature-a-b): the branch that created it keeps it.
 */
public final class EnvironmentTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String environment;
    private final String owner;

    EnvironmentTakenException(String environment, String owner, String branch) {
        super(environment + " belongs to branch " + owner + ", not " + branch);
        this.environment = environment;
        this.owner = owner;
    }

    public String environment() {
        return environment;
    }

    public String owner() {
        return owner;
    }
}
