package dev.slipway.pipeline;

import java.util.List;
import java.util.Objects;

/** The approval gate of an environment: how many people with which role, and whether the author may be one. */
public record Approvals(int required, String role, boolean notAuthor) {
    public static final String DEFAULT_ROLE = "releaser";
    /** The role names a pipeline file may use, lowest to highest. */
    static final List<String> ROLES = List.of("viewer", "developer", "deployer", "releaser", "admin");

    public Approvals {
        Objects.requireNonNull(role, "role");
        if (required < 1) {
            throw new IllegalArgumentException("required approvals must be at least 1, got " + required);
        }
    }
}
